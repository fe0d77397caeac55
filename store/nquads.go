package store

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// NQuads writes rec as RDF N-Quads, the same graph Write stores, loadable
// with `dgraph live --upsertPredicate xid`. Nodes are named by their xid as
// an IRI (<country:RUS>): with --upsertPredicate the live loader stores the
// subject's name as the xid and looks it up, so exports of the same actor
// from many articles meet in one node. (A blank node _:x would be stored
// with the xid "_:x", which never meets the store's keys.) An xid that
// cannot be an IRI (spaces, quotes, angle brackets; only possible in an
// article key built from a strange id) falls back to a blank node named
// from the sanitized xid plus a hash, which still gets its true xid but is
// deduplicated only within one load.
//
// A placeholder country node (a member's country the record does not name)
// is written without actor.name so an export never overwrites a real name.
func NQuads(rec schema.Record, w io.Writer) error {
	if err := Validate(rec); err != nil {
		return err
	}
	return writeNQuads(buildGraph(rec), w)
}

// NQuadsRecords writes several records as one graph: nodes shared between
// them (hot actors, events reported twice) are written once, and a country
// one record only references by code takes its name from another record.
// Invalid records are skipped and reported in the returned error; the
// valid ones are still written.
func NQuadsRecords(recs []schema.Record, w io.Writer) error {
	g := newGraph()
	var bad []error
	for _, r := range recs {
		if err := Validate(r); err != nil {
			bad = append(bad, err)
			continue
		}
		addRecord(g, r)
	}
	if err := writeNQuads(g, w); err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d of %d records invalid, not exported: %w", len(bad), len(recs), joinErrs(bad))
	}
	return nil
}

func writeNQuads(g *graph, w io.Writer) error {
	qw := newQuadWriter(w)
	for _, n := range g.nodes {
		s := exportName(n.xid)
		qw.quad(s, "xid", attr{"xid", kString, n.xid})
		qw.typ(s, n.typ)
		for _, a := range n.attrs {
			if n.placeholder && a.pred == "actor.name" {
				continue
			}
			qw.quad(s, a.pred, a)
		}
		for _, e := range n.edges {
			qw.edge(s, e.pred, exportName(e.to))
		}
	}
	return qw.flush()
}

// exportName is a node's subject in an export: <xid> when the xid is a
// valid IRI, else a blank node.
func exportName(xid string) string {
	if iriSafe(xid) {
		return "<" + xid + ">"
	}
	var b strings.Builder
	b.WriteString("_:")
	for _, r := range xid {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	h := fnv.New64a()
	h.Write([]byte(xid))
	fmt.Fprintf(&b, "_%016x", h.Sum64())
	return b.String()
}

func iriSafe(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r) {
			return false
		}
	}
	// A bare number would be read as a uid.
	return strings.Contains(s, ":")
}

// quadWriter writes N-Quad lines and counts them. Write (subjects are uids
// and blank nodes) and NQuads (subjects are xids) share it.
type quadWriter struct {
	w *bufio.Writer
	n int
}

func newQuadWriter(w io.Writer) *quadWriter {
	return &quadWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

func (q *quadWriter) flush() error { return q.w.Flush() }

func (q *quadWriter) typ(s, typ string) {
	q.n++
	writeType(q.w, s, typ)
}

func (q *quadWriter) quad(s, pred string, a attr) {
	q.n++
	writeQuad(q.w, s, pred, a)
}

func (q *quadWriter) edge(s, pred, o string) {
	q.n++
	writeEdge(q.w, s, pred, o)
}

// writeType, writeQuad and writeEdge write one N-Quad line each; the
// whole-graph export (export.go) uses them too, so every RDF newsgraph
// writes has one encoding.
func writeType(w *bufio.Writer, s, typ string) {
	writeQuad(w, s, "dgraph.type", attr{"dgraph.type", kString, typ})
}

func writeQuad(w *bufio.Writer, s, pred string, a attr) {
	w.WriteString(s)
	w.WriteString(" <")
	w.WriteString(pred)
	w.WriteString("> ")
	writeLiteral(w, a.val)
	switch a.kind {
	case kInt:
		w.WriteString("^^<xs:int>")
	case kFloat:
		w.WriteString("^^<xs:float>")
	case kBool:
		w.WriteString("^^<xs:boolean>")
	case kDateTime:
		w.WriteString("^^<xs:dateTime>")
	}
	w.WriteString(" .\n")
}

func writeEdge(w *bufio.Writer, s, pred, o string) {
	w.WriteString(s)
	w.WriteString(" <")
	w.WriteString(pred)
	w.WriteString("> ")
	w.WriteString(o)
	w.WriteString(" .\n")
}

// writeLiteral writes a quoted N-Quads string literal.
func writeLiteral(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.WriteString(`\"`)
		case '\\':
			w.WriteString(`\\`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(w, `\u%04X`, r)
			} else {
				w.WriteRune(r)
			}
		}
	}
	w.WriteByte('"')
}
