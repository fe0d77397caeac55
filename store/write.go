package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/dgo/v230"
	"github.com/dgraph-io/dgo/v230/protos/api"

	"github.com/newsgraph/newsgraph/schema"
)

// WriteResult says what happened to each record of a Write.
type WriteResult struct {
	// Records has one entry per input record, in input order.
	Records []RecordResult
	// Written, Rejected and Failed count records: written, refused by
	// validation, or lost to a Dgraph error.
	Written, Rejected, Failed int
	// NQuads is the number of N-Quads sent to Dgraph (after leaving out
	// what the graph already holds).
	NQuads int
	// Created is the number of nodes created.
	Created int
	// Retries counts transactions retried after a conflict with a
	// concurrent writer.
	Retries int
	// Batches counts batches written. Concurrent Writes on one Store
	// share transactions, so this is an upper bound on transactions.
	Batches int
}

// RecordResult is one record's outcome.
type RecordResult struct {
	ArticleID  string
	ArticleKey string
	// Err is nil when the record was written; a *ValidationError when it
	// was rejected (errors.Is(err, ErrInvalid)); else the Dgraph error.
	Err error
}

// Write upserts records: one node per xid, whatever was written before or
// by concurrent writers. Records are validated first; a rejected record
// writes nothing and the others still land. Valid records are written in
// batches of BatchSize, one transaction each, retried with backoff when a
// writer in another process aborts it; concurrent Writes on one Store
// share transactions instead of conflicting (see combine.go). The error
// is non-nil only when some batch could not be written (Dgraph down,
// retries exhausted); rejections are reported in the result only.
func (s *Store) Write(ctx context.Context, recs []schema.Record) (WriteResult, error) {
	res := WriteResult{Records: make([]RecordResult, len(recs))}
	valid := make([]int, 0, len(recs))
	for i, r := range recs {
		res.Records[i].ArticleID = r.Article.ID
		if err := Validate(r); err != nil {
			res.Records[i].Err = err
			res.Rejected++
			s.log.Warn().Err(err).Str("article", r.Article.ID).Msg("record rejected")
			continue
		}
		res.Records[i].ArticleKey = schema.ArticleKey(r.Article)
		valid = append(valid, i)
	}
	bs := s.BatchSize
	if bs <= 0 {
		bs = DefaultBatchSize
	}
	var errs []error
	for start := 0; start < len(valid); start += bs {
		batch := valid[start:min(start+bs, len(valid))]
		g := newGraph()
		for _, i := range batch {
			addRecord(g, recs[i])
		}
		st, err := s.submit(ctx, g)
		res.NQuads += st.nquads
		res.Created += st.created
		res.Retries += st.retries
		if err != nil && len(batch) > 1 && ctx.Err() == nil && !errors.Is(err, dgo.ErrAborted) {
			// Dgraph refused the batch: find the record it refuses by
			// writing them one by one, so the others still land.
			s.log.Warn().Err(err).Int("records", len(batch)).Msg("batch refused; writing its records one by one")
			for _, i := range batch {
				one := newGraph()
				addRecord(one, recs[i])
				st, err := s.submit(ctx, one)
				res.NQuads += st.nquads
				res.Created += st.created
				res.Retries += st.retries
				if err != nil {
					err = fmt.Errorf("article %s: %w", recs[i].Article.ID, err)
					errs = append(errs, err)
					res.Records[i].Err = err
					res.Failed++
					continue
				}
				res.Written++
			}
			res.Batches++
			continue
		}
		if err != nil {
			err = fmt.Errorf("write %d records (articles %s…): %w", len(batch), recs[batch[0]].Article.ID, err)
			errs = append(errs, err)
			for _, i := range batch {
				res.Records[i].Err = err
			}
			res.Failed += len(batch)
			if ctx.Err() != nil {
				// Nothing more can be written; mark the rest.
				for _, i := range valid[start+len(batch):] {
					res.Records[i].Err = ctx.Err()
					res.Failed++
				}
				break
			}
			continue
		}
		res.Batches++
		res.Written += len(batch)
	}
	return res, errors.Join(errs...)
}

// writeGraph commits g, retrying aborted transactions with exponential
// backoff and jitter.
func (s *Store) writeGraph(ctx context.Context, g *graph) (commitOutcome, int, error) {
	tries := s.MaxTries
	if tries <= 0 {
		tries = DefaultMaxTries
	}
	retries := 0
	backoff := 50 * time.Millisecond
	began := time.Now()
	for try := 1; ; try++ {
		out, err := s.commitGraph(ctx, g)
		if err == nil {
			nq := 0
			for _, n := range out.quads {
				nq += n
			}
			s.log.Debug().Int("nodes", len(g.nodes)).Int("created", len(out.created)).Int("nquads", nq).
				Int("retries", retries).Dur("took", time.Since(began)).Msg("graph written")
			for xid, c := range out.entries {
				s.cache.put(xid, c)
			}
			for _, xid := range out.evict {
				s.cache.remove(xid)
			}
			if out.replaced > 0 {
				s.log.Info().Int("articles", out.replaced).Int("stale_nodes_or_links", len(out.evict)).
					Msg("re-extracted articles: previous extraction replaced")
			}
			return out, retries, nil
		}
		if !errors.Is(err, dgo.ErrAborted) {
			return commitOutcome{}, retries, err
		}
		if try >= tries {
			return commitOutcome{}, retries, fmt.Errorf("transaction aborted by concurrent writers %d times, giving up: %w", try, err)
		}
		retries++
		// Full jitter: concurrent writers that collided spread out.
		d := backoff/2 + rand.N(backoff)
		s.log.Debug().Int("try", try).Dur("backoff", d).Int("nodes", len(g.nodes)).Msg("write conflict, retrying")
		select {
		case <-ctx.Done():
			return commitOutcome{}, retries, ctx.Err()
		case <-time.After(d):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// Predicates whose values are not fetched in the upsert lookup: evidence
// lists grow with every article and their targets are new per article, so
// reading them back would cost more than rewriting an edge.
var untracked = map[string]bool{"actor.mentions": true, "event.evidence": true, "claim.evidence": true}

// lookupFields lists, for the upsert lookup, each tracked predicate (edges
// by their target's xid), so only what is new gets written. Built from
// schema.DQL, never from input.
var lookupFields = sync.OnceValue(func() string {
	var fields []string
	for p, info := range predicates() {
		if p == "xid" || untracked[p] || strings.HasPrefix(p, "merge.") {
			continue
		}
		if info.uid {
			fields = append(fields, "<"+p+"> { xid }")
		} else {
			fields = append(fields, "<"+p+">")
		}
	}
	sort.Strings(fields)
	return strings.Join(fields, "\n    ")
})

// lookupQuery looks up n keys in one query. Dgraph does not expand a list
// held in one variable, so each key travels in its own variable
// ($k0…$kN-1, names we generate) inside eq's list: the keys themselves are
// never part of the query text.
func lookupQuery(n int) (string, []string) {
	names := make([]string, n)
	var decl, list strings.Builder
	for i := range names {
		names[i] = "$k" + strconv.Itoa(i)
		if i > 0 {
			decl.WriteString(", ")
			list.WriteString(", ")
		}
		decl.WriteString(names[i] + ": string")
		list.WriteString(names[i])
	}
	return "query q(" + decl.String() + ") {\n  q(func: eq(xid, [" + list.String() + "])) {\n    uid xid dgraph.type\n    " +
		lookupFields() + "\n  }\n}", names
}

// commitGraph runs one transaction: look up the xids the cache does not
// know, then one mutation with what is new, committed at once. The lookup
// runs inside the transaction: two writers that both find a key missing
// both write its @upsert xid index, so one of them aborts instead of a
// duplicate node appearing. (An upsert block doing lookup and mutation in
// one request was tried and measured slower: a var block per key costs
// more than one eq over all keys, and it did not abort less.)
func (s *Store) commitGraph(ctx context.Context, g *graph) (out commitOutcome, err error) {
	txn := s.dg.NewTxn()
	defer txn.Discard(context.WithoutCancel(ctx))

	state := make(map[string]*cached, len(g.nodes))
	var misses []string
	for _, n := range g.nodes {
		if c, ok := s.cache.get(n.xid); ok {
			state[n.xid] = c
		} else {
			misses = append(misses, n.xid)
		}
	}
	if len(misses) > 0 {
		found, err := s.lookup(ctx, txn, misses)
		if err != nil {
			return out, err
		}
		for x, c := range found {
			state[x] = c
		}
	}
	var del []byte
	if replaced := replacedArticles(g, state); len(replaced) > 0 {
		if del, out.evict, err = s.staleDeletes(ctx, txn, g, replaced); err != nil {
			return commitOutcome{}, err
		}
		out.replaced = len(replaced)
	}

	subject := make(map[string]string, len(g.nodes))
	for i, n := range g.nodes {
		if c, ok := state[n.xid]; ok {
			subject[n.xid] = "<" + c.uid + ">"
		} else {
			subject[n.xid] = "_:n" + strconv.Itoa(i)
		}
	}

	var buf bytes.Buffer
	w := newQuadWriter(&buf)
	entries := make(map[string]*cached, len(g.nodes))
	out.quads = make(map[string]int, len(g.nodes))
	out.created = map[string]bool{}
	for _, n := range g.nodes {
		before := w.n
		s, prev := subject[n.xid], state[n.xid]
		known := map[string][]string{}
		if prev != nil {
			for p, v := range prev.known {
				known[p] = v
			}
		} else {
			out.created[n.xid] = true
			w.quad(s, "xid", attr{"xid", kString, n.xid})
			known["xid"] = []string{n.xid}
		}
		if !hasValue(known["dgraph.type"], n.typ) {
			w.typ(s, n.typ)
			known["dgraph.type"] = appendKnown(known["dgraph.type"], n.typ, true)
		}
		for _, a := range n.attrs {
			// A placeholder only fills what the node lacks: it never
			// replaces a name an article gave the country.
			if hasValue(known[a.pred], a.val) || n.placeholder && len(known[a.pred]) > 0 {
				continue
			}
			w.quad(s, a.pred, a)
			known[a.pred] = appendKnown(known[a.pred], a.val, predicates()[a.pred].list)
		}
		for _, e := range n.edges {
			if !untracked[e.pred] && hasValue(known[e.pred], e.to) {
				continue
			}
			w.edge(s, e.pred, subject[e.to])
			if !untracked[e.pred] {
				known[e.pred] = appendKnown(known[e.pred], e.to, predicates()[e.pred].list)
			}
		}
		entries[n.xid] = &cached{known: known}
		if prev != nil {
			entries[n.xid].uid = prev.uid
		}
		out.quads[n.xid] = w.n - before
	}
	if err := w.flush(); err != nil {
		return commitOutcome{}, err
	}
	out.entries = entries
	if w.n == 0 && len(del) == 0 {
		return out, nil
	}
	// Deletions and sets never touch the same edge (staleDeletes keeps
	// what the new graph makes), so their order does not matter.
	req := &api.Request{CommitNow: true}
	if len(del) > 0 {
		req.Mutations = append(req.Mutations, &api.Mutation{DelNquads: del})
	}
	if w.n > 0 {
		req.Mutations = append(req.Mutations, &api.Mutation{SetNquads: buf.Bytes()})
	}
	resp, err := txn.Do(ctx, req)
	if err != nil {
		if errors.Is(err, dgo.ErrAborted) {
			return commitOutcome{}, err
		}
		return commitOutcome{}, fmt.Errorf("mutate: %w", err)
	}
	for i, n := range g.nodes {
		if e := entries[n.xid]; e.uid == "" {
			e.uid = resp.Uids["n"+strconv.Itoa(i)]
		}
	}
	return out, nil
}

// commitOutcome is what one committed transaction wrote, per node.
type commitOutcome struct {
	quads   map[string]int  // xid → N-Quads written for it
	created map[string]bool // xids created
	entries map[string]*cached
	// evict lists xids whose cache entries the write made wrong (nodes
	// deleted or edges removed by a re-extraction).
	evict []string
	// replaced counts articles whose previous extraction was replaced.
	replaced int
}

// lookup finds the nodes with the given xids in one query inside txn.
func (s *Store) lookup(ctx context.Context, txn *dgo.Txn, xids []string) (map[string]*cached, error) {
	q, names := lookupQuery(len(xids))
	vars := make(map[string]string, len(xids))
	for i, x := range xids {
		vars[names[i]] = x
	}
	resp, err := txn.QueryWithVars(ctx, q, vars)
	if err != nil {
		return nil, fmt.Errorf("look up %d keys: %w", len(xids), err)
	}
	var out struct {
		Q []map[string]any `json:"q"`
	}
	if err := json.Unmarshal(resp.Json, &out); err != nil {
		return nil, fmt.Errorf("look up keys: %w", err)
	}
	found := make(map[string]*cached, len(out.Q))
	for _, row := range out.Q {
		xid, _ := row["xid"].(string)
		uid, _ := row["uid"].(string)
		if xid == "" || uid == "" {
			continue
		}
		if _, dup := found[xid]; dup {
			s.log.Warn().Str("xid", xid).Msg("several nodes share one xid; writing to the first")
			continue
		}
		c := &cached{uid: uid, known: map[string][]string{}}
		for p, v := range row {
			if p == "uid" {
				continue
			}
			c.known[p] = canonicalValues(v)
		}
		found[xid] = c
	}
	return found, nil
}

// canonicalValues turns a JSON value Dgraph returned into the canonical
// strings attr values use; edges become their targets' xids.
func canonicalValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case float64:
		return []string{strconv.FormatFloat(x, 'g', -1, 64)}
	case bool:
		return []string{strconv.FormatBool(x)}
	case map[string]any:
		if s, ok := x["xid"].(string); ok {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, canonicalValues(e)...)
		}
		return out
	}
	return nil
}

func hasValue(vals []string, v string) bool {
	for _, x := range vals {
		if x == v {
			return true
		}
	}
	return false
}

// appendKnown records a written value without touching the slice a cache
// entry may share.
func appendKnown(vals []string, v string, list bool) []string {
	if !list {
		return []string{v}
	}
	out := make([]string, len(vals), len(vals)+1)
	copy(out, vals)
	return append(out, v)
}

func joinErrs(errs []error) error { return errors.Join(errs...) }
