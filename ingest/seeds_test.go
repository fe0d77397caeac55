package ingest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/internal/seedtest"
	"github.com/newsgraph/newsgraph/store"
)

// TestSeedsInDgraph is issue 3's end-to-end check: both seed articles, read,
// extracted and written by the real pipeline pieces, leave in Dgraph the
// facts an analyst reads in them, asked for in DQL with the keys as
// variables.
func TestSeedsInDgraph(t *testing.T) {
	dg := dgraphtest.Client(t)
	st := store.New(dg)
	ctx := context.Background()
	recs := seedtest.Records(t)
	res, err := st.Write(ctx, recs)
	if err != nil || res.Written != len(recs) {
		t.Fatalf("store.Write: %v (%+v)", err, res)
	}

	tests := []struct {
		name  string
		query string
		vars  map[string]string
		check func(t *testing.T, data []byte)
	}{
		{
			name: "Shoigu's visit to Iran",
			query: `query q($visitor: string, $host: string) {
				v as var(func: eq(xid, $visitor))
				h as var(func: eq(xid, $host))
				found(func: eq(event.type, "CONSULT")) @filter(eq(event.mode, "visit") AND uid_in(event.sources, uid(v)) AND uid_in(event.targets, uid(h))) {
					event.date_text event.modality
					event.evidence { evidence.text evidence.article { article.url } }
				}
			}`,
			vars: map[string]string{"$visitor": "person:sergei-shoigu", "$host": "country:IRN"},
			check: func(t *testing.T, data []byte) {
				var out struct {
					Found []struct {
						Date     string `json:"event.date_text"`
						Modality string `json:"event.modality"`
						Evidence []struct {
							Text string `json:"evidence.text"`
						} `json:"event.evidence"`
					} `json:"found"`
				}
				mustDecode(t, data, &out)
				if len(out.Found) != 1 {
					t.Fatalf("want one visit node, got %s", data)
				}
				v := out.Found[0]
				if v.Date != "2024-08" || v.Modality != "asserted" || len(v.Evidence) == 0 {
					t.Errorf("visit = %+v, want dated 2024-08, asserted, with evidence", v)
				}
			},
		},
		{
			name: "the planned Iran–Russia agreement in Kazan",
			query: `query q($a: string, $b: string) {
				a as var(func: eq(xid, $a))
				b as var(func: eq(xid, $b))
				found(func: eq(event.type, "AGREE")) @filter(eq(event.modality, "planned") AND (uid_in(event.sources, uid(a)) OR uid_in(event.targets, uid(a))) AND (uid_in(event.sources, uid(b)) OR uid_in(event.targets, uid(b)))) {
					event.date_text event.location
				}
			}`,
			vars: map[string]string{"$a": "country:IRN", "$b": "country:RUS"},
			check: func(t *testing.T, data []byte) {
				var out struct {
					Found []struct {
						Date     string `json:"event.date_text"`
						Location string `json:"event.location"`
					} `json:"found"`
				}
				mustDecode(t, data, &out)
				if len(out.Found) != 1 || out.Found[0].Date != "2024-10" || out.Found[0].Location != "Kazan" {
					t.Errorf("want one planned agreement in Kazan in 2024-10, got %s", data)
				}
			},
		},
		{
			name: "Iran's rejection disputes the State Department's claim",
			query: `query q($state: string) {
				s as var(func: eq(xid, $state))
				found(func: eq(claim.stance, "deny")) @cascade {
					claim.claimant { xid actor.country }
					claim.disputes @filter(uid_in(claim.claimant, uid(s))) { claim.text }
				}
			}`,
			vars: map[string]string{"$state": "org:us-department-of-state"},
			check: func(t *testing.T, data []byte) {
				var out struct {
					Found []struct {
						Claimant struct {
							Xid     string `json:"xid"`
							Country string `json:"actor.country"`
						} `json:"claim.claimant"`
					} `json:"found"`
				}
				mustDecode(t, data, &out)
				if len(out.Found) != 1 {
					t.Fatalf("want one denial disputing the State Department, got %s", data)
				}
				if c := out.Found[0].Claimant; c.Xid != "country:IRN" && c.Country != "IRN" {
					t.Errorf("the denial's claimant %+v is not Iranian", c)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := dg.NewReadOnlyTxn().QueryWithVars(ctx, tt.query, tt.vars)
			if err != nil {
				t.Fatalf("query: %v", err)
			}
			tt.check(t, resp.Json)
		})
	}
}

func mustDecode(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
}
