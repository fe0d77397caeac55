// Package export writes the graph held in Dgraph out in other shapes: RDF
// N-Quads for Dgraph's own bulk and live loaders (backfills, copies), JSON
// Lines of extraction records (one per article) and GraphML for Gephi.
// Every export streams page by page from Dgraph, so its memory does not grow
// with the graph.
package export

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/dgraph-io/dgo/v230"

	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/store"
)

// Formats lists the export formats.
var Formats = []string{"rdf", "jsonl", "graphml"}

// Stats counts what an export wrote: nodes (articles for jsonl), and
// N-Quads or edges.
type Stats struct {
	Nodes int64 `json:"nodes"`
	Quads int64 `json:"quads,omitempty"`
	Edges int64 `json:"edges,omitempty"`
}

// Write exports the graph in format to w.
func Write(ctx context.Context, dg *dgo.Dgraph, format string, w io.Writer) (Stats, error) {
	switch format {
	case "rdf", "nquads":
		return RDF(ctx, dg, w)
	case "jsonl":
		return JSONL(ctx, dg, w)
	case "graphml":
		return GraphML(ctx, dg, w)
	}
	return Stats{}, fmt.Errorf("export format %q: use rdf, jsonl or graphml", format)
}

// RDF writes every node as N-Quads named by xid, loadable with
// `dgraph live --upsertPredicate xid` (see store.ExportNQuads).
func RDF(ctx context.Context, dg *dgo.Dgraph, w io.Writer) (Stats, error) {
	n, q, err := store.ExportNQuads(ctx, dg, w)
	return Stats{Nodes: n, Quads: q}, err
}

// JSONL writes one extraction record per article (see store.EachRecord).
func JSONL(ctx context.Context, dg *dgo.Dgraph, w io.Writer) (Stats, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var s Stats
	err := store.EachRecord(ctx, dg, 100, func(r schema.Record) error {
		s.Nodes++
		return enc.Encode(r)
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return s, err
}

// graphKeys are the GraphML attributes, declared before the graph.
var graphKeys = []struct{ id, for_, name string }{
	{"label", "node", "label"},
	{"class", "node", "class"},
	{"kind", "node", "kind"},
	{"country", "node", "country"},
	{"type", "node", "type"},
	{"date", "node", "date"},
	{"modality", "node", "modality"},
	{"stance", "node", "stance"},
	{"relation", "edge", "relation"},
}

// graphEdges are the uid predicates drawn as edges, with their direction:
// reversed edges point from the participant to the event or claim, so that
// in Gephi an actor's out-edges are what it did and said.
var graphEdges = map[string]struct {
	relation string
	reverse  bool
}{
	"event.sources":     {"source", true},
	"event.targets":     {"target", false},
	"claim.claimant":    {"claimant", true},
	"claim.about":       {"about", false},
	"claim.via":         {"via", false},
	"claim.disputes":    {"disputes", false},
	"actor.of_country":  {"of_country", false},
	"actor.merged_into": {"merged_into", false},
}

// graphClass is a node's class by its xid prefix: GraphML carries actors,
// events and claims; articles, evidence and roles are left out.
func graphClass(xid string) string {
	prefix, _, _ := strings.Cut(xid, ":")
	switch prefix {
	case "person", "country", "org", "group", "location":
		return "actor"
	case "event":
		return "event"
	case "claim":
		return "claim"
	}
	return ""
}

// GraphML writes actors, events and claims as nodes and their relations as
// directed edges, in two passes over the graph (nodes, then edges) so no
// node set is held in memory.
func GraphML(ctx context.Context, dg *dgo.Dgraph, w io.Writer) (Stats, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphKeys {
		fmt.Fprintf(bw, `  <key id="%s" for="%s" attr.name="%s" attr.type="string"/>`+"\n", k.id, k.for_, k.name)
	}
	bw.WriteString(`  <graph id="newsgraph" edgedefault="directed">` + "\n")
	var s Stats
	err := store.EachNode(ctx, dg, 1000, func(n store.ExportNode) error {
		class := graphClass(n.XID)
		if class == "" {
			return nil
		}
		s.Nodes++
		bw.WriteString(`    <node id="`)
		escape(bw, n.XID)
		bw.WriteString(`">`)
		data := func(key, v string) {
			if v == "" {
				return
			}
			fmt.Fprintf(bw, `<data key="%s">`, key)
			escape(bw, v)
			bw.WriteString(`</data>`)
		}
		data("label", nodeLabel(class, n))
		data("class", class)
		switch class {
		case "actor":
			data("kind", n.Attr("actor.kind"))
			data("country", n.Attr("actor.country"))
		case "event":
			data("type", n.Attr("event.type"))
			data("date", n.Attr("event.date_text"))
			data("modality", n.Attr("event.modality"))
		case "claim":
			data("date", n.Attr("claim.date_text"))
			data("stance", n.Attr("claim.stance"))
		}
		bw.WriteString("</node>\n")
		return nil
	})
	if err == nil {
		err = store.EachNode(ctx, dg, 1000, func(n store.ExportNode) error {
			if graphClass(n.XID) == "" {
				return nil
			}
			for _, e := range n.Edges {
				def, ok := graphEdges[e.Pred]
				if !ok || graphClass(e.To) == "" {
					continue
				}
				src, dst := n.XID, e.To
				if def.reverse {
					src, dst = dst, src
				}
				s.Edges++
				fmt.Fprintf(bw, `    <edge id="e%d" source="`, s.Edges)
				escape(bw, src)
				bw.WriteString(`" target="`)
				escape(bw, dst)
				fmt.Fprintf(bw, `"><data key="relation">%s</data></edge>`+"\n", def.relation)
			}
			return nil
		})
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return s, err
}

func nodeLabel(class string, n store.ExportNode) string {
	switch class {
	case "actor":
		if v := n.Attr("actor.name"); v != "" {
			return v
		}
	case "event":
		label := n.Attr("event.type")
		if d := n.Attr("event.date_text"); d != "" {
			label += " " + d
		}
		return label
	case "claim":
		t := n.Attr("claim.text")
		if r := []rune(t); len(r) > 80 {
			t = string(r[:79]) + "…"
		}
		if t != "" {
			return t
		}
	}
	return n.XID
}

// escape writes s as XML character data, dropping characters XML 1.0
// cannot hold (EscapeText turns them into U+FFFD).
func escape(w io.Writer, s string) {
	_ = xml.EscapeText(w, []byte(s))
}
