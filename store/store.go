// Package store is newsgraph's Dgraph access: it writes extraction records
// as one node per real-world actor, event and claim (upserting on xid, the
// stable keys of schema/keys.go), with evidence behind every one, and it
// serializes the same graph as RDF for `dgraph live`.
package store

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dgraph-io/dgo/v230"
	"github.com/dgraph-io/dgo/v230/protos/api"
	"github.com/rs/zerolog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/newsgraph/newsgraph/schema"
)

// Config says how to reach Dgraph.
type Config struct {
	// Addr is alpha's gRPC address, host:port.
	Addr string
	// TLS: CACert alone verifies the server; Cert+Key add a client
	// certificate (mutual TLS). ServerName overrides the name checked.
	CACert, Cert, Key, ServerName string
	// User and Password log in with Dgraph ACLs, into Namespace (0 is the
	// default namespace).
	User, Password string
	Namespace      uint64
	// Logger receives retry and write logs; zero value discards.
	Logger zerolog.Logger
}

// Store writes and reads newsgraph's graph in Dgraph.
type Store struct {
	dg    *dgo.Dgraph
	conn  *grpc.ClientConn
	log   zerolog.Logger
	cache *uidCache
	// combine joins concurrent Writes into shared transactions.
	combine combiner

	// BatchSize is the number of records written per transaction.
	BatchSize int
	// MaxTries bounds the attempts of one transaction aborted by a
	// concurrent writer.
	MaxTries int
	// SchemaWait bounds how long ApplySchema waits for pending
	// transactions (default DefaultSchemaWait).
	SchemaWait time.Duration
}

// Defaults for Store.
const (
	DefaultBatchSize = 100
	DefaultMaxTries  = 10
	defaultCacheSize = 10000
)

// Open connects to Dgraph, logs in when a user is set, and checks the
// connection with a trivial query so a wrong address fails here.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Addr == "" {
		return nil, errors.New("open store: no Dgraph address: set --dgraph (host:port of alpha's gRPC port)")
	}
	creds := insecure.NewCredentials()
	if cfg.CACert != "" || cfg.Cert != "" {
		tc, err := tlsConfig(cfg)
		if err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
		creds = credentials.NewTLS(tc)
	}
	conn, err := grpc.NewClient(cfg.Addr, grpc.WithTransportCredentials(creds),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(256<<20), grpc.MaxCallSendMsgSize(256<<20)))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", cfg.Addr, err)
	}
	s := New(dgo.NewDgraphClient(api.NewDgraphClient(conn)))
	s.conn = conn
	s.log = cfg.Logger
	if cfg.User != "" {
		if err := s.dg.LoginIntoNamespace(ctx, cfg.User, cfg.Password, cfg.Namespace); err != nil {
			conn.Close()
			return nil, fmt.Errorf("open store %s: log in as %s: %w", cfg.Addr, cfg.User, err)
		}
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := s.dg.NewReadOnlyTxn().Query(pctx, `{ q(func: uid(0x1)) { uid } }`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("open store %s: Dgraph does not answer (is alpha running? check the address and TLS/ACL settings): %w", cfg.Addr, err)
	}
	return s, nil
}

func tlsConfig(cfg Config) (*tls.Config, error) {
	tc := &tls.Config{ServerName: cfg.ServerName, MinVersion: tls.VersionTLS12}
	if cfg.CACert != "" {
		pem, err := os.ReadFile(cfg.CACert)
		if err != nil {
			return nil, fmt.Errorf("read CA certificate: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", cfg.CACert)
		}
		tc.RootCAs = pool
	}
	if cfg.Cert != "" || cfg.Key != "" {
		if cfg.Cert == "" || cfg.Key == "" {
			return nil, errors.New("client TLS needs both a certificate and a key")
		}
		pair, err := tls.LoadX509KeyPair(cfg.Cert, cfg.Key)
		if err != nil {
			return nil, fmt.Errorf("load client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	return tc, nil
}

// New wraps an existing client (tests, or a caller that dialed itself).
func New(dg *dgo.Dgraph) *Store {
	return &Store{dg: dg, log: zerolog.Nop(), cache: newUIDCache(defaultCacheSize),
		BatchSize: DefaultBatchSize, MaxTries: DefaultMaxTries}
}

// WithLogger sets the logger and returns s.
func (s *Store) WithLogger(l zerolog.Logger) *Store {
	s.log = l
	return s
}

// Dgraph is the underlying client, for the query and curation code.
func (s *Store) Dgraph() *dgo.Dgraph { return s.dg }

// Close closes the connection Open made; a Store from New leaves its client
// alone.
func (s *Store) Close() error {
	if s.conn != nil {
		return s.conn.Close()
	}
	return nil
}

// ResetCache forgets every cached uid. Call it after anything that deletes
// or merges nodes (DropAll, curation merges), or the store would write to
// uids that no longer carry their xid.
func (s *Store) ResetCache() { s.cache.reset() }

// ApplySchema applies schema.DQL and backfills the derived predicates a
// graph written by an older newsgraph lacks. Applying it again is harmless.
//
// Dgraph refuses an Alter while transactions are pending, as they are when
// a writer was killed mid-transaction (a SIGKILLed batch job being
// restarted); it aborts them and asks for a retry, so that refusal is
// retried, for up to SchemaWait.
func (s *Store) ApplySchema(ctx context.Context) error {
	wait := s.SchemaWait
	if wait <= 0 {
		wait = DefaultSchemaWait
	}
	deadline := time.Now().Add(wait)
	backoff := 250 * time.Millisecond
	for {
		err := s.dg.Alter(ctx, &api.Operation{Schema: schema.DQL})
		if err == nil {
			return s.backfill(ctx)
		}
		if !strings.Contains(err.Error(), "Pending transactions found") || time.Now().Add(backoff).After(deadline) {
			return fmt.Errorf("apply schema: %w", err)
		}
		s.log.Warn().Dur("retry_in", backoff).Msg("apply schema: Dgraph has pending transactions (a writer stopped mid-transaction?); waiting for them to end")
		select {
		case <-ctx.Done():
			return fmt.Errorf("apply schema: %w", ctx.Err())
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

// backfillMarker keys the node whose meta.backfilled lists the backfills
// done on this graph.
const backfillMarker = "meta:backfills"

// backfillJob derives pred for the nodes query lists (see backfillEach).
type backfillJob struct {
	pred, query string
	add         func(json.RawMessage, *strings.Builder) (bool, error)
}

// backfill writes, on a graph written before they existed, the derived
// predicates newer writers store beside what they derive from:
// claim.disputes_claimant (else relationship() would miss those disputes)
// and event.summary (else it would read three values per event). Each is
// done once per graph and recorded on the marker node: finding the nodes
// that lack one scans every event or claim (250 ms on 10,000 articles) and
// would otherwise slow every start-up.
func (s *Store) backfill(ctx context.Context) error {
	resp, err := s.dg.NewReadOnlyTxn().QueryWithVars(ctx, `query q($k: string) { m(func: eq(xid, $k)) { done: meta.backfilled } }`,
		map[string]string{"$k": backfillMarker})
	if err != nil {
		return fmt.Errorf("read backfills done: %w", err)
	}
	var marker struct {
		M []struct {
			Done []string `json:"done"`
		}
	}
	if err := json.Unmarshal(resp.Json, &marker); err != nil {
		return fmt.Errorf("read backfills done: %w", err)
	}
	done := map[string]bool{}
	for _, m := range marker.M {
		for _, d := range m.Done {
			done[d] = true
		}
	}
	for _, j := range backfillJobs() {
		if done[j.pred] {
			continue
		}
		if err := s.backfillEach(ctx, j.pred, j.query, j.add); err != nil {
			return err
		}
		// Upsert on the marker's xid: two processes starting together
		// make one marker (or one aborts, and the next start looks again).
		if _, err := s.dg.NewTxn().Do(ctx, &api.Request{
			Query:     `query q($k: string) { m as var(func: eq(xid, $k)) }`,
			Vars:      map[string]string{"$k": backfillMarker},
			Mutations: []*api.Mutation{{SetNquads: []byte("uid(m) <xid> " + strconv.Quote(backfillMarker) + " .\nuid(m) <meta.backfilled> " + strconv.Quote(j.pred) + " .\n")}},
			CommitNow: true,
		}); err != nil {
			s.log.Warn().Err(err).Str("predicate", j.pred).Msg("backfill done but not recorded; the next start checks again")
		}
	}
	return nil
}

// backfillJobs are the derived predicates backfill writes.
func backfillJobs() []backfillJob {
	return []backfillJob{
		{"claim.disputes_claimant", `query q($skip: int) {
  n(func: has(claim.disputes), first: 1000, offset: $skip) @filter(NOT has(claim.disputes_claimant)) {
    uid  claim.disputes { claim.claimant { uid } }
  }
}`, func(raw json.RawMessage, nq *strings.Builder) (bool, error) {
			var c struct {
				UID      string `json:"uid"`
				Disputes []struct {
					Claimant *uidRef `json:"claim.claimant"`
				} `json:"claim.disputes"`
			}
			if err := json.Unmarshal(raw, &c); err != nil {
				return false, err
			}
			wrote := false
			for _, d := range c.Disputes {
				if d.Claimant != nil {
					fmt.Fprintf(nq, "<%s> <claim.disputes_claimant> <%s> .\n", c.UID, d.Claimant.UID)
					wrote = true
				}
			}
			return wrote, nil
		}},
		{"event.summary", `query q($skip: int) {
  n(func: has(event.type), first: 1000, offset: $skip) @filter(NOT has(event.summary)) {
    uid  event.type  event.mode  event.score  event.date
  }
}`, func(raw json.RawMessage, nq *strings.Builder) (bool, error) {
			var e struct {
				UID   string     `json:"uid"`
				Type  string     `json:"event.type"`
				Mode  string     `json:"event.mode"`
				Score *float64   `json:"event.score"`
				Date  *time.Time `json:"event.date"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				return false, err
			}
			score := schema.Score(e.Type, e.Mode)
			if e.Score != nil {
				score = *e.Score
			}
			var at time.Time
			if e.Date != nil {
				at = *e.Date
			}
			fmt.Fprintf(nq, "<%s> <event.summary> %s .\n", e.UID, strconv.Quote(eventSummary(e.Type, score, at)))
			return true, nil
		}},
	}
}

// backfillEach pages through the nodes query q lists (block n, from
// offset $skip) until none is left, writing what add makes of each; add
// reports whether it wrote anything, and the nodes it wrote nothing for
// are skipped from then on.
func (s *Store) backfillEach(ctx context.Context, pred, q string, add func(json.RawMessage, *strings.Builder) (bool, error)) error {
	skip, filled := 0, 0
	for {
		resp, err := s.dg.NewReadOnlyTxn().QueryWithVars(ctx, q, map[string]string{"$skip": strconv.Itoa(skip)})
		if err != nil {
			return fmt.Errorf("backfill %s: %w", pred, err)
		}
		var out struct{ N []json.RawMessage }
		if err := json.Unmarshal(resp.Json, &out); err != nil {
			return fmt.Errorf("backfill %s: %w", pred, err)
		}
		if len(out.N) == 0 {
			if filled > 0 {
				s.log.Info().Str("predicate", pred).Int("nodes", filled).Msg("backfilled")
			}
			return nil
		}
		var nq strings.Builder
		for _, n := range out.N {
			wrote, err := add(n, &nq)
			if err != nil {
				return fmt.Errorf("backfill %s: %w", pred, err)
			}
			if wrote {
				filled++
			} else {
				skip++ // nothing to derive: do not ask again
			}
		}
		if nq.Len() > 0 {
			if _, err := s.dg.NewTxn().Mutate(ctx, &api.Mutation{SetNquads: []byte(nq.String()), CommitNow: true}); err != nil {
				return fmt.Errorf("backfill %s: %w", pred, err)
			}
		}
	}
}

// DefaultSchemaWait bounds how long ApplySchema waits for pending
// transactions to end.
const DefaultSchemaWait = 3 * time.Minute

// DropAll deletes every node and the schema, then forgets the cache.
// Callers apply the schema again.
func (s *Store) DropAll(ctx context.Context) error {
	defer s.ResetCache()
	if err := s.dg.Alter(ctx, &api.Operation{DropAll: true}); err != nil {
		return fmt.Errorf("drop all: %w", err)
	}
	return nil
}

// Counts is the size of the graph.
type Counts struct {
	// Nodes counts nodes by dgraph.type (Actor, Event, …).
	Nodes map[string]int
	// Edges is the number of uid edges over all uid predicates.
	Edges int
	// EdgesByPredicate breaks Edges down.
	EdgesByPredicate map[string]int
}

// TotalNodes sums Nodes.
func (c Counts) TotalNodes() int {
	n := 0
	for _, v := range c.Nodes {
		n += v
	}
	return n
}

// Counts counts nodes per type and uid edges per predicate, in one query.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	types := schemaTypes()
	var edges []string
	for p, info := range predicates() {
		if info.uid {
			edges = append(edges, p)
		}
	}
	var q strings.Builder
	q.WriteString("{\n")
	for i, t := range types {
		fmt.Fprintf(&q, "  t%d(func: type(%s)) { count(uid) }\n", i, t)
	}
	for i, p := range edges {
		fmt.Fprintf(&q, "  var(func: has(<%s>)) { c%d as count(<%s>) }\n  e%d() { n: sum(val(c%d)) }\n", p, i, p, i, i)
	}
	q.WriteString("}")
	resp, err := s.dg.NewReadOnlyTxn().Query(ctx, q.String())
	if err != nil {
		return Counts{}, fmt.Errorf("count graph: %w", err)
	}
	var out map[string][]map[string]float64
	if err := json.Unmarshal(resp.Json, &out); err != nil {
		return Counts{}, fmt.Errorf("count graph: %w", err)
	}
	c := Counts{Nodes: map[string]int{}, EdgesByPredicate: map[string]int{}}
	for i, t := range types {
		if r := out[fmt.Sprintf("t%d", i)]; len(r) > 0 {
			c.Nodes[t] = int(r[0]["count"])
		}
	}
	for i, p := range edges {
		if r := out[fmt.Sprintf("e%d", i)]; len(r) > 0 {
			n := int(r[0]["n"])
			c.EdgesByPredicate[p] = n
			c.Edges += n
		}
	}
	return c, nil
}

// schemaTypes lists the types schema.DQL declares. Type names come from
// our own schema file, never from input, so building the count query from
// them is safe.
func schemaTypes() []string {
	var out []string
	for _, line := range strings.Split(schema.DQL, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "type "); ok {
			out = append(out, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "{")))
		}
	}
	return out
}

// HasArticle reports whether the article keyed articleKey is in the graph,
// read from the same text (hash, when given) by the same extractor version:
// a resumable batch ingest skips it.
func (s *Store) HasArticle(ctx context.Context, articleKey, hash, extractorVersion string) (bool, error) {
	const q = `query q($k: string) { a(func: eq(xid, $k)) { article.hash article.extractor } }`
	resp, err := s.dg.NewReadOnlyTxn().QueryWithVars(ctx, q, map[string]string{"$k": articleKey})
	if err != nil {
		return false, fmt.Errorf("look up article %s: %w", articleKey, err)
	}
	var out struct {
		A []struct {
			Hash      string `json:"article.hash"`
			Extractor string `json:"article.extractor"`
		}
	}
	if err := json.Unmarshal(resp.Json, &out); err != nil {
		return false, fmt.Errorf("look up article %s: %w", articleKey, err)
	}
	for _, a := range out.A {
		if (hash == "" || a.Hash == hash) && a.Extractor == extractorVersion {
			return true, nil
		}
	}
	return false, nil
}
