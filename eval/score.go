package eval

import (
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// Case is one article to score: its gold and the extractor's record for it
// (nil when no record was found, so every gold item is a miss).
type Case struct {
	Gold *Gold
	Pred *schema.Record
}

// Counts are true positives, false positives and false negatives.
type Counts struct {
	TP, FP, FN int
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Precision is TP/(TP+FP), 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when there was nothing to find.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Ratio is a count of correct items out of a total.
type Ratio struct {
	Correct, Total int
}

// Value is Correct/Total, 0 when Total is 0.
func (r Ratio) Value() float64 { return ratio(r.Correct, r.Total) }

func (r *Ratio) add(o Ratio) { r.Correct += o.Correct; r.Total += o.Total }

func (r *Ratio) count(ok bool) {
	r.Total++
	if ok {
		r.Correct++
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores are the figures FORMAT.md rule 5 asks for, micro-averaged over the
// articles they cover.
type Scores struct {
	Actors, Events, Claims Counts
	// Date is over matched event pairs whose gold has a date: correct when
	// the predicted date starts with the gold date. Modality is over matched
	// event pairs whose gold has a modality.
	Date, Modality Ratio
	// Disputes is disputes recall: gold dispute pairs whose two claims both
	// matched and whose predicted claims are linked by disputes (either way).
	Disputes Ratio
	// ClaimText sums the token Jaccard of matched claim texts; its mean is
	// ClaimText/Claims.TP.
	ClaimText float64
}

func (s *Scores) add(o Scores) {
	s.Actors.add(o.Actors)
	s.Events.add(o.Events)
	s.Claims.add(o.Claims)
	s.Date.add(o.Date)
	s.Modality.add(o.Modality)
	s.Disputes.add(o.Disputes)
	s.ClaimText += o.ClaimText
}

// ClaimTextJaccard is the mean token Jaccard of matched claim texts.
func (s Scores) ClaimTextJaccard() float64 {
	if s.Claims.TP == 0 {
		return 0
	}
	return s.ClaimText / float64(s.Claims.TP)
}

// Article is the outcome for one article: its scores and what a person needs
// to see why: the gold items missed, the predictions nobody asked for, and
// matched events whose date or modality is wrong.
type Article struct {
	ID     string
	NoPred bool
	Scores
	MissedActors []GoldActor
	MissedEvents []GoldEvent
	MissedClaims []GoldClaim
	FalseActors  []schema.Actor
	FalseEvents  []schema.Event
	FalseClaims  []schema.Claim
	WrongEvents  []EventPair
	// Pred is the record scored, to render participant ids readably.
	Pred *schema.Record
}

// EventPair is a matched gold and predicted event.
type EventPair struct {
	Gold GoldEvent
	Pred schema.Event
}

// Report is the result of scoring a set of articles.
type Report struct {
	Articles []Article
	Total    Scores
	// Unmatched lists ids of predicted records no gold file claimed.
	Unmatched []string
}

// Score scores every case and sums the scores over all of them.
func Score(cases []Case) *Report {
	r := &Report{}
	for _, c := range cases {
		a := scoreArticle(c.Gold, c.Pred)
		r.Total.add(a.Scores)
		r.Articles = append(r.Articles, a)
	}
	return r
}

// tally turns a pairing into counts: a pair with an optional gold item
// counts for neither side, an unmatched optional item is no miss, and every
// unpaired prediction is a false positive. It returns the indexes of the
// missed gold items and of the false predictions.
func tally(pairs []int, optional func(int) bool, nPred int) (c Counts, missed, falsePos []int) {
	paired := make([]bool, nPred)
	for gi, pi := range pairs {
		switch {
		case pi >= 0:
			paired[pi] = true
			if !optional(gi) {
				c.TP++
			}
		case !optional(gi):
			c.FN++
			missed = append(missed, gi)
		}
	}
	for pi, ok := range paired {
		if !ok {
			c.FP++
			falsePos = append(falsePos, pi)
		}
	}
	return c, missed, falsePos
}

func scoreArticle(g *Gold, p *schema.Record) Article {
	a := Article{ID: g.ID, Pred: p}
	if p == nil {
		a.NoPred = true
		p = &schema.Record{}
	}
	pa := indexActors(p)

	// Actors, with gold places as optional LOCATION actors.
	golds := append([]GoldActor(nil), g.Actors...)
	for _, pl := range g.Places {
		golds = append(golds, GoldActor{Name: pl, Kind: schema.KindLocation, Optional: true})
	}
	gv := make([]actorView, len(golds))
	for i, x := range golds {
		gv[i] = goldView(x)
	}
	pv := make([]actorView, len(p.Actors))
	for i, x := range p.Actors {
		pv[i] = predView(x)
	}
	actorPairs := pair(len(golds), len(p.Actors),
		func(gi, pi int) bool { return actorMatch(gv[gi], pv[pi]) },
		func(gi, pi int) float64 { return Jaccard(golds[gi].Name, p.Actors[pi].Name) })
	var missed, falsePos []int
	a.Actors, missed, falsePos = tally(actorPairs, func(i int) bool { return golds[i].Optional }, len(p.Actors))
	for _, i := range missed {
		a.MissedActors = append(a.MissedActors, golds[i])
	}
	for _, i := range falsePos {
		a.FalseActors = append(a.FalseActors, p.Actors[i])
	}

	// Events, with date and modality over matched non-optional pairs.
	eventPairs := pair(len(g.Events), len(p.Events),
		func(gi, pi int) bool { return eventMatch(g, &g.Events[gi], pa, &p.Events[pi]) },
		func(gi, pi int) float64 { return Jaccard(g.Events[gi].Note, evidenceText(p.Events[pi].Evidence)) })
	a.Events, missed, falsePos = tally(eventPairs, func(i int) bool { return g.Events[i].Optional }, len(p.Events))
	for _, i := range missed {
		a.MissedEvents = append(a.MissedEvents, g.Events[i])
	}
	for _, i := range falsePos {
		a.FalseEvents = append(a.FalseEvents, p.Events[i])
	}
	for gi, pi := range eventPairs {
		ge := g.Events[gi]
		if pi < 0 || ge.Optional {
			continue
		}
		pe := p.Events[pi]
		wrong := false
		if ge.Date != "" {
			ok := strings.HasPrefix(pe.Date, ge.Date)
			a.Date.count(ok)
			wrong = wrong || !ok
		}
		if ge.Modality != "" {
			ok := strings.EqualFold(pe.Modality, ge.Modality)
			a.Modality.count(ok)
			wrong = wrong || !ok
		}
		if wrong {
			a.WrongEvents = append(a.WrongEvents, EventPair{Gold: ge, Pred: pe})
		}
	}

	// Claims, then disputes over the claim pairing.
	claimPairs := pair(len(g.Claims), len(p.Claims),
		func(gi, pi int) bool { return claimMatch(g, &g.Claims[gi], pa, &p.Claims[pi]) },
		func(gi, pi int) float64 { return Jaccard(g.Claims[gi].Text, p.Claims[pi].Text) })
	a.Claims, missed, falsePos = tally(claimPairs, func(i int) bool { return g.Claims[i].Optional }, len(p.Claims))
	for _, i := range missed {
		a.MissedClaims = append(a.MissedClaims, g.Claims[i])
	}
	for _, i := range falsePos {
		a.FalseClaims = append(a.FalseClaims, p.Claims[i])
	}
	for gi, pi := range claimPairs {
		if pi >= 0 && !g.Claims[gi].Optional {
			a.ClaimText += Jaccard(g.Claims[gi].Text, p.Claims[pi].Text)
		}
	}
	a.Disputes = disputes(g, p, claimPairs)
	return a
}

// disputes counts the gold dispute pairs the record links. A pair that
// involves an optional claim counts only when both its claims matched, so
// an optional claim nobody found costs nothing.
func disputes(g *Gold, p *schema.Record, claimPairs []int) Ratio {
	var r Ratio
	for _, d := range g.Disputes {
		for _, other := range d.Disputes {
			i, j := claimPairs[d.Claim], claimPairs[other]
			if (g.Claims[d.Claim].Optional || g.Claims[other].Optional) && (i < 0 || j < 0) {
				continue
			}
			r.count(i >= 0 && j >= 0 && linked(p.Claims[i], p.Claims[j]))
		}
	}
	return r
}

func linked(a, b schema.Claim) bool {
	return contains(a.Disputes, b.ID) || contains(b.Disputes, a.ID)
}
