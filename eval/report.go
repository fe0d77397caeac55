package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Summary is the machine-readable line of a report.
type Summary struct {
	Articles       int          `json:"articles"`
	Actors         CountSummary `json:"actors"`
	Events         CountSummary `json:"events"`
	Claims         CountSummary `json:"claims"`
	DateAcc        float64      `json:"date_acc"`
	DateN          int          `json:"date_n"`
	ModalityAcc    float64      `json:"modality_acc"`
	ModalityN      int          `json:"modality_n"`
	DisputesRecall float64      `json:"disputes_recall"`
	DisputesN      int          `json:"disputes_n"`
	ClaimTextJacc  float64      `json:"claim_text_jaccard"`
	NoPrediction   []string     `json:"no_prediction,omitempty"`
	UnmatchedPred  []string     `json:"unmatched_predictions,omitempty"`
}

// CountSummary is one category's counts and scores.
type CountSummary struct {
	TP int     `json:"tp"`
	FP int     `json:"fp"`
	FN int     `json:"fn"`
	P  float64 `json:"p"`
	R  float64 `json:"r"`
	F1 float64 `json:"f1"`
}

func countSummary(c Counts) CountSummary {
	return CountSummary{TP: c.TP, FP: c.FP, FN: c.FN, P: round(c.Precision()), R: round(c.Recall()), F1: round(c.F1())}
}

func round(x float64) float64 { return float64(int(x*10000+0.5)) / 10000 }

// Summary returns the report's totals.
func (r *Report) Summary() Summary {
	t := r.Total
	s := Summary{
		Articles: len(r.Articles),
		Actors:   countSummary(t.Actors), Events: countSummary(t.Events), Claims: countSummary(t.Claims),
		DateAcc: round(t.Date.Value()), DateN: t.Date.Total,
		ModalityAcc: round(t.Modality.Value()), ModalityN: t.Modality.Total,
		DisputesRecall: round(t.Disputes.Value()), DisputesN: t.Disputes.Total,
		ClaimTextJacc: round(t.ClaimTextJaccard()),
		UnmatchedPred: r.Unmatched,
	}
	for _, a := range r.Articles {
		if a.NoPred {
			s.NoPrediction = append(s.NoPrediction, a.ID)
		}
	}
	return s
}

// WriteJSON writes the summary as one JSON line.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.Marshal(r.Summary())
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// WriteText writes the per-category table, then for each article the gold
// items missed and the predictions that matched nothing, then the JSON
// summary line. verbose adds the per-article score lines and matched events
// whose date or modality is wrong.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tTP\tFP\tFN\tP\tR\tF1\t\n")
	for _, row := range []struct {
		name string
		c    Counts
	}{{"actors", r.Total.Actors}, {"events", r.Total.Events}, {"claims", r.Total.Claims}} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", row.name, row.c.TP, row.c.FP, row.c.FN,
			row.c.Precision(), row.c.Recall(), row.c.F1())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	t := r.Total
	fmt.Fprintf(w, "date accuracy      %.3f (%d/%d matched events with a gold date)\n", t.Date.Value(), t.Date.Correct, t.Date.Total)
	fmt.Fprintf(w, "modality accuracy  %.3f (%d/%d matched events)\n", t.Modality.Value(), t.Modality.Correct, t.Modality.Total)
	fmt.Fprintf(w, "disputes recall    %.3f (%d/%d gold dispute pairs)\n", t.Disputes.Value(), t.Disputes.Correct, t.Disputes.Total)
	fmt.Fprintf(w, "claim text Jaccard %.3f (mean over matched claims)\n", t.ClaimTextJaccard())
	for _, id := range r.Unmatched {
		fmt.Fprintf(w, "prediction %q matches no gold file\n", id)
	}
	for _, a := range r.Articles {
		a.writeText(w, verbose)
	}
	fmt.Fprintln(w)
	return r.WriteJSON(w)
}

func (a *Article) writeText(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "\n== %s\n", a.ID)
	if a.NoPred {
		fmt.Fprintln(w, "  no prediction for this article: every gold item is a miss")
	}
	if verbose {
		for _, row := range []struct {
			name string
			c    Counts
		}{{"actors", a.Actors}, {"events", a.Events}, {"claims", a.Claims}} {
			fmt.Fprintf(w, "  %-7s TP %d FP %d FN %d  F1 %.3f\n", row.name, row.c.TP, row.c.FP, row.c.FN, row.c.F1())
		}
	}
	for _, x := range a.MissedActors {
		fmt.Fprintf(w, "  miss actor  %s (%s%s)\n", x.Name, x.Kind, prefixed(", ", x.Country))
	}
	for _, x := range a.FalseActors {
		fmt.Fprintf(w, "  false actor %s (%s%s) %s\n", x.Name, x.Kind, prefixed(", ", x.Country), x.ID)
	}
	for _, x := range a.MissedEvents {
		fmt.Fprintf(w, "  miss event  %s %s → %s%s: %s\n", strings.Join(x.Type, "|"),
			strings.Join(x.Sources, ", "), strings.Join(x.Targets, ", "), symmetricMark(x.Symmetric), x.Note)
	}
	for _, x := range a.FalseEvents {
		fmt.Fprintf(w, "  false event %s%s %s → %s [%s%s]: %s\n", x.Type, prefixed("/", x.Mode),
			a.names(x.Sources), a.names(x.Targets), x.Modality, prefixed(" ", x.Date), evidenceText(x.Evidence))
	}
	for _, x := range a.MissedClaims {
		fmt.Fprintf(w, "  miss claim  %s %s about %s: %s\n", strings.Join(x.Claimant, "|"), x.Stance,
			strings.Join(x.About, ", "), x.Text)
	}
	for _, x := range a.FalseClaims {
		fmt.Fprintf(w, "  false claim %s %s about %s: %s\n", a.names([]string{x.Claimant}), x.Stance, a.names(x.About), x.Text)
	}
	if verbose {
		for _, x := range a.WrongEvents {
			fmt.Fprintf(w, "  matched event %s, gold date %q modality %q, predicted %q %q: %s\n", x.Pred.Type,
				x.Gold.Date, x.Gold.Modality, x.Pred.Date, x.Pred.Modality, x.Gold.Note)
		}
	}
}

// names renders actor ids by the names their record gives them.
func (a *Article) names(ids []string) string {
	if len(ids) == 0 {
		return "∅"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if a.Pred == nil {
			continue
		}
		for _, x := range a.Pred.Actors {
			if x.ID == id {
				out[i] = x.Name
			}
		}
	}
	return strings.Join(out, ", ")
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func symmetricMark(sym bool) string {
	if sym {
		return " (symmetric)"
	}
	return ""
}
