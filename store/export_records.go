package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/dgraph-io/dgo/v230"

	"github.com/newsgraph/newsgraph/schema"
)

// recordsQuery reads a page of articles with everything read from them:
// their evidence and, through it, the events, claims and actor mentions it
// supports. Page bounds are query variables.
const recordsQuery = `query page($first: int, $after: string) {
  page(func: type(Article), first: $first, after: $after) {
    uid
    xid
    article.url
    article.title
    article.published
    article.language
    article.hash
    article.extractor
    article.source { source.name }
    evidence: ~evidence.article {
      evidence.start
      evidence.end
      evidence.text
      events: ~event.evidence {
        xid
        event.type
        event.mode
        event.contexts
        event.sources { xid actor.kind actor.name actor.country }
        event.targets { xid actor.kind actor.name actor.country }
        event.date_text
        event.location
        event.modality
        event.confidence
      }
      claims: ~claim.evidence {
        xid
        claim.claimant { xid actor.kind actor.name actor.country }
        claim.cue
        claim.text
        claim.about { xid actor.kind actor.name actor.country }
        claim.stance
        claim.via { xid actor.kind actor.name actor.country }
        claim.disputes { xid }
        claim.date_text
      }
      actors: ~actor.mentions {
        xid
        actor.kind
        actor.name
        actor.country
        actor.aliases
        actor.roles { role.title role.org { xid } role.current }
      }
    }
  }
}`

type rxActor struct {
	XID     string   `json:"xid"`
	Kind    string   `json:"actor.kind"`
	Name    string   `json:"actor.name"`
	Country string   `json:"actor.country"`
	Aliases []string `json:"actor.aliases"`
	Roles   []struct {
		Title   string `json:"role.title"`
		Org     *rxRef `json:"role.org"`
		Current bool   `json:"role.current"`
	} `json:"actor.roles"`
}

type rxRef struct {
	XID string `json:"xid"`
}

type rxArticle struct {
	UID       string `json:"uid"`
	XID       string `json:"xid"`
	URL       string `json:"article.url"`
	Title     string `json:"article.title"`
	Published string `json:"article.published"`
	Language  string `json:"article.language"`
	Hash      string `json:"article.hash"`
	Extractor string `json:"article.extractor"`
	Source    *struct {
		Name string `json:"source.name"`
	} `json:"article.source"`
	Evidence []struct {
		Start  int    `json:"evidence.start"`
		End    int    `json:"evidence.end"`
		Text   string `json:"evidence.text"`
		Events []struct {
			XID        string    `json:"xid"`
			Type       string    `json:"event.type"`
			Mode       string    `json:"event.mode"`
			Contexts   []string  `json:"event.contexts"`
			Sources    []rxActor `json:"event.sources"`
			Targets    []rxActor `json:"event.targets"`
			Date       string    `json:"event.date_text"`
			Location   string    `json:"event.location"`
			Modality   string    `json:"event.modality"`
			Confidence float64   `json:"event.confidence"`
		} `json:"events"`
		Claims []struct {
			XID      string    `json:"xid"`
			Claimant *rxActor  `json:"claim.claimant"`
			Cue      string    `json:"claim.cue"`
			Text     string    `json:"claim.text"`
			About    []rxActor `json:"claim.about"`
			Stance   string    `json:"claim.stance"`
			Via      []rxActor `json:"claim.via"`
			Disputes []rxRef   `json:"claim.disputes"`
			Date     string    `json:"claim.date_text"`
		} `json:"claims"`
		Actors []rxActor `json:"actors"`
	} `json:"evidence"`
}

// EachRecord calls fn with one extraction record per article in the graph,
// read back from the article's evidence: the events, claims and actors the
// graph holds with this article's spans as their evidence and mentions.
// Ids are global keys (xids) throughout, events' and claims' included, since
// merged nodes no longer have one article's local ids. pageSize articles are
// read per query.
func EachRecord(ctx context.Context, dg *dgo.Dgraph, pageSize int, fn func(schema.Record) error) error {
	if pageSize <= 0 {
		pageSize = 100
	}
	// One read-only transaction: the export is one consistent snapshot.
	txn := dg.NewReadOnlyTxn()
	defer txn.Discard(ctx)
	after := "0x0"
	for {
		resp, err := txn.QueryWithVars(ctx, recordsQuery, map[string]string{"$first": strconv.Itoa(pageSize), "$after": after})
		if err != nil {
			return fmt.Errorf("export records after %s: %w", after, err)
		}
		var out struct {
			Page []rxArticle `json:"page"`
		}
		if err := json.Unmarshal(resp.Json, &out); err != nil {
			return fmt.Errorf("export records after %s: %w", after, err)
		}
		for i := range out.Page {
			after = out.Page[i].UID
			if err := fn(out.Page[i].record()); err != nil {
				return err
			}
		}
		if len(out.Page) < pageSize {
			return nil
		}
	}
}

func (a *rxArticle) record() schema.Record {
	r := schema.Record{Article: schema.ArticleMeta{
		ID: a.XID, URL: a.URL, Title: a.Title, Published: a.Published, Language: a.Language,
		Hash: a.Hash, Extractor: a.Extractor,
	}}
	if a.Source != nil {
		r.Article.Source = a.Source.Name
	}
	actors := map[string]*schema.Actor{}
	var actorOrder []string
	addActor := func(x rxActor) string {
		if x.XID == "" {
			return ""
		}
		if _, ok := actors[x.XID]; !ok {
			act := &schema.Actor{ID: x.XID, Kind: x.Kind, Name: x.Name, Country: x.Country, Aliases: x.Aliases}
			for _, ro := range x.Roles {
				role := schema.Role{Title: ro.Title, Current: ro.Current}
				if ro.Org != nil {
					role.Org = ro.Org.XID
				}
				act.Roles = append(act.Roles, role)
			}
			actors[x.XID] = act
			actorOrder = append(actorOrder, x.XID)
		} else if len(x.Aliases) > 0 || len(x.Roles) > 0 {
			// A fuller view of an actor first met as an event participant.
			act := actors[x.XID]
			if act.Aliases == nil {
				act.Aliases = x.Aliases
			}
			if act.Roles == nil {
				for _, ro := range x.Roles {
					role := schema.Role{Title: ro.Title, Current: ro.Current}
					if ro.Org != nil {
						role.Org = ro.Org.XID
					}
					act.Roles = append(act.Roles, role)
				}
			}
		}
		return x.XID
	}
	ids := func(xs []rxActor) []string {
		out := []string{}
		for _, x := range xs {
			if id := addActor(x); id != "" {
				out = append(out, id)
			}
		}
		return out
	}
	events := map[string]*schema.Event{}
	claims := map[string]*schema.Claim{}
	var eventOrder, claimOrder []string
	sort.SliceStable(a.Evidence, func(i, j int) bool { return a.Evidence[i].Start < a.Evidence[j].Start })
	for _, ev := range a.Evidence {
		span := schema.Span{Start: ev.Start, End: ev.End, Text: ev.Text}
		for _, x := range ev.Actors {
			addActor(x)
			actors[x.XID].Mentions = append(actors[x.XID].Mentions, span)
		}
		for _, e := range ev.Events {
			if ex, ok := events[e.XID]; ok {
				ex.Evidence = append(ex.Evidence, span)
				continue
			}
			events[e.XID] = &schema.Event{ID: e.XID, Type: e.Type, Mode: e.Mode, Context: e.Contexts,
				Sources: ids(e.Sources), Targets: ids(e.Targets), Date: e.Date, Location: e.Location,
				Modality: e.Modality, Confidence: e.Confidence, Evidence: []schema.Span{span}}
			eventOrder = append(eventOrder, e.XID)
		}
		for _, c := range ev.Claims {
			if ex, ok := claims[c.XID]; ok {
				ex.Evidence = append(ex.Evidence, span)
				continue
			}
			cl := &schema.Claim{ID: c.XID, Cue: c.Cue, Text: c.Text, About: ids(c.About), Stance: c.Stance,
				Via: ids(c.Via), Date: c.Date, Evidence: []schema.Span{span}}
			if c.Claimant != nil {
				cl.Claimant = addActor(*c.Claimant)
			}
			for _, d := range c.Disputes {
				cl.Disputes = append(cl.Disputes, d.XID)
			}
			claims[c.XID] = cl
			claimOrder = append(claimOrder, c.XID)
		}
	}
	r.Actors = make([]schema.Actor, 0, len(actorOrder))
	for _, id := range actorOrder {
		r.Actors = append(r.Actors, *actors[id])
	}
	r.Events = make([]schema.Event, 0, len(eventOrder))
	for _, id := range eventOrder {
		r.Events = append(r.Events, *events[id])
	}
	r.Claims = make([]schema.Claim, 0, len(claimOrder))
	for _, id := range claimOrder {
		r.Claims = append(r.Claims, *claims[id])
	}
	return r
}
