package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/newsgraph/newsgraph/store"
)

// selectedFields lists every field selected anywhere under the field being
// resolved, as "Type.field" (Event.evidence, Actor.name), with fragments,
// @skip and @include applied, so the store reads only what the answer
// shows. The schema has no interfaces or unions: a field's type is the
// only type its selections can be on.
func selectedFields(ctx context.Context) store.Fields {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || !graphql.HasOperationContext(ctx) {
		return nil // not inside a GraphQL request: everything
	}
	op := graphql.GetOperationContext(ctx)
	out := store.Fields{}
	var walk func(sel ast.SelectionSet, typ string)
	walk = func(sel ast.SelectionSet, typ string) {
		for _, f := range graphql.CollectFields(op, sel, []string{typ}) {
			out[typ+"."+f.Name] = true
			if f.Definition != nil && len(f.Selections) > 0 {
				walk(f.Selections, f.Definition.Type.Name())
			}
		}
	}
	walk(fc.Field.Selections, fc.Field.Definition.Type.Name())
	return out
}
