package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/dgraph-io/dgo/v230"

	"github.com/newsgraph/newsgraph/schema"
)

// ExportNode is one node of the graph as stored, for exports: every
// predicate of newsgraph's schema it has, edges named by the target's xid.
// Nodes without an xid (none are written by newsgraph) are not exported.
type ExportNode struct {
	UID   string
	XID   string
	Type  string
	Attrs []ExportAttr
	Edges []ExportEdge
}

// ExportAttr is one scalar value; Kind is the schema type: string, int,
// float, bool or datetime.
type ExportAttr struct {
	Pred, Kind, Value string
}

// ExportEdge is one uid edge.
type ExportEdge struct {
	Pred, To string
}

// Attr returns the first value of pred, or "".
func (n ExportNode) Attr(pred string) string {
	for _, a := range n.Attrs {
		if a.Pred == pred {
			return a.Value
		}
	}
	return ""
}

// exportPred is one predicate of schema.DQL.
type exportPred struct {
	name, kind string
}

// exportType is one type of schema.DQL with its predicates.
type exportType struct {
	name  string
	preds []exportPred
}

var (
	predLine  = regexp.MustCompile(`(?m)^([a-z_]+\.[a-z_]+|xid):\s*(\[?)([a-z]+)\]?`)
	typeBlock = regexp.MustCompile(`(?m)^type\s+([A-Za-z]+)\s*\{([^}]*)\}`)
)

// exportTypes lists the schema's types and their predicates, so an export
// carries whatever the schema holds, curation included, without a second
// mapping to keep in step with Write's. Querying type by type asks Dgraph
// only for the predicates a node can have: asking every node for every
// predicate made exports several times slower.
func exportTypes() []exportType {
	kinds := map[string]string{}
	for _, m := range predLine.FindAllStringSubmatch(schema.DQL, -1) {
		kinds[m[1]] = m[3]
	}
	var ts []exportType
	for _, m := range typeBlock.FindAllStringSubmatch(schema.DQL, -1) {
		t := exportType{name: m[1]}
		for _, f := range strings.Fields(m[2]) {
			if k, ok := kinds[f]; ok && f != "xid" {
				t.preds = append(t.preds, exportPred{name: f, kind: k})
			}
		}
		ts = append(ts, t)
	}
	return ts
}

// exportQuery pages through the nodes of one type in uid order. The type
// and field list come from the embedded schema, never from user input; the
// page bounds are query variables.
func exportQuery(t exportType) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query page($first: int, $after: string) {\n  page(func: type(%s), first: $first, after: $after) {\n    uid\n    xid\n    dgraph.type\n", t.name)
	for _, p := range t.preds {
		if p.kind == "uid" {
			fmt.Fprintf(&b, "    %s { xid }\n", p.name)
		} else {
			fmt.Fprintf(&b, "    %s\n", p.name)
		}
	}
	b.WriteString("  }\n}")
	return b.String()
}

// EachNode calls fn for every node of the graph, type by type (schema
// order) and pageSize nodes per query, so memory holds one page whatever the
// graph's size. All pages are read in one read-only transaction, so an
// export taken while ingest runs is one consistent snapshot. (Not
// best-effort: that may answer from a snapshot older than the last commit.)
func EachNode(ctx context.Context, dg *dgo.Dgraph, pageSize int, fn func(ExportNode) error) error {
	if pageSize <= 0 {
		pageSize = 1000
	}
	txn := dg.NewReadOnlyTxn()
	defer txn.Discard(ctx)
	for _, t := range exportTypes() {
		if err := eachNodeOfType(ctx, txn, t, pageSize, fn); err != nil {
			return err
		}
	}
	return nil
}

func eachNodeOfType(ctx context.Context, txn *dgo.Txn, t exportType, pageSize int, fn func(ExportNode) error) error {
	q := exportQuery(t)
	after := "0x0"
	for {
		resp, err := txn.QueryWithVars(ctx, q, map[string]string{"$first": strconv.Itoa(pageSize), "$after": after})
		if err != nil {
			return fmt.Errorf("export %s nodes after %s: %w", t.name, after, err)
		}
		var out struct {
			Page []map[string]json.RawMessage `json:"page"`
		}
		dec := json.NewDecoder(bytes.NewReader(resp.Json))
		dec.UseNumber()
		if err := dec.Decode(&out); err != nil {
			return fmt.Errorf("export %s nodes after %s: %w", t.name, after, err)
		}
		for _, raw := range out.Page {
			n, err := exportNode(raw, t.preds)
			if err != nil {
				return err
			}
			after = n.UID
			if n.XID == "" {
				continue
			}
			if err := fn(n); err != nil {
				return err
			}
		}
		if len(out.Page) < pageSize {
			return nil
		}
	}
}

func exportNode(raw map[string]json.RawMessage, ps []exportPred) (ExportNode, error) {
	var n ExportNode
	_ = json.Unmarshal(raw["uid"], &n.UID)
	_ = json.Unmarshal(raw["xid"], &n.XID)
	var types []string
	_ = json.Unmarshal(raw["dgraph.type"], &types)
	if len(types) > 0 {
		n.Type = types[0]
	}
	for _, p := range ps {
		v, ok := raw[p.name]
		if !ok {
			continue
		}
		if p.kind == "uid" {
			var many []struct {
				XID string `json:"xid"`
			}
			if err := json.Unmarshal(v, &many); err != nil {
				var one struct {
					XID string `json:"xid"`
				}
				if err := json.Unmarshal(v, &one); err != nil {
					return n, fmt.Errorf("export %s %s: %w", n.UID, p.name, err)
				}
				many = append(many, one)
			}
			for _, t := range many {
				if t.XID != "" {
					n.Edges = append(n.Edges, ExportEdge{Pred: p.name, To: t.XID})
				}
			}
			continue
		}
		var vals []any
		if len(v) > 0 && v[0] == '[' {
			dec := json.NewDecoder(bytes.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(&vals); err != nil {
				return n, fmt.Errorf("export %s %s: %w", n.UID, p.name, err)
			}
		} else {
			var one any
			dec := json.NewDecoder(bytes.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(&one); err != nil {
				return n, fmt.Errorf("export %s %s: %w", n.UID, p.name, err)
			}
			vals = []any{one}
		}
		for _, x := range vals {
			n.Attrs = append(n.Attrs, ExportAttr{Pred: p.name, Kind: p.kind, Value: fmt.Sprint(x)})
		}
	}
	return n, nil
}

// ExportNQuads writes the whole graph as RDF N-Quads with the same subject
// names and literal encoding as NQuads, so `dgraph live --upsertPredicate
// xid` loads it into another Dgraph (or back into this one) as the same
// graph. It returns the number of nodes and quads written.
func ExportNQuads(ctx context.Context, dg *dgo.Dgraph, w io.Writer) (nodes, quads int64, err error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	err = EachNode(ctx, dg, 5000, func(n ExportNode) error {
		nodes++
		s := exportName(n.XID)
		writeQuad(bw, s, "xid", attr{"xid", kString, n.XID})
		quads++
		if n.Type != "" {
			writeType(bw, s, n.Type)
			quads++
		}
		for _, a := range n.Attrs {
			writeQuad(bw, s, a.Pred, attr{a.Pred, exportKind(a.Kind), a.Value})
			quads++
		}
		for _, e := range n.Edges {
			writeEdge(bw, s, e.Pred, exportName(e.To))
			quads++
		}
		return nil
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return nodes, quads, err
}

func exportKind(k string) valueKind {
	switch k {
	case "int":
		return kInt
	case "float":
		return kFloat
	case "bool":
		return kBool
	case "datetime":
		return kDateTime
	}
	return kString
}
