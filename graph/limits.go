package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// ShapeLimit refuses operations whose shape alone makes them expensive or
// abusive, before anything runs: selection depth (gqlgen has no depth
// limit), the number of aliased fields (a thousand aliases of one field is
// a thousand queries) and the number of fields in all. Fragments count
// where they are spread.
type ShapeLimit struct {
	MaxDepth   int
	MaxAliases int
	MaxFields  int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = ShapeLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (ShapeLimit) ExtensionName() string { return "ShapeLimit" }

// Validate implements graphql.HandlerExtension.
func (ShapeLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (l ShapeLimit) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Operation
	if op == nil {
		return nil
	}
	s := shape{frags: opCtx.Doc.Fragments, limit: l}
	depth := s.walk(op.SelectionSet, 1, map[string]bool{})
	switch {
	case s.exceeded != nil:
		return s.exceeded
	case l.MaxDepth > 0 && depth > l.MaxDepth:
		return Errorf(CodeLimitExceeded, "query depth %d exceeds the limit of %d", depth, l.MaxDepth)
	}
	return nil
}

type shape struct {
	frags    ast.FragmentDefinitionList
	limit    ShapeLimit
	aliases  int
	fields   int
	exceeded *gqlerror.Error
}

// walk returns the depth of set and counts aliases and fields, stopping as
// soon as a count is over its limit (so a huge query costs little).
func (s *shape) walk(set ast.SelectionSet, depth int, inFrag map[string]bool) int {
	deepest := depth - 1
	for _, sel := range set {
		if s.exceeded != nil {
			return deepest
		}
		switch x := sel.(type) {
		case *ast.Field:
			s.fields++
			if x.Alias != "" && x.Alias != x.Name {
				s.aliases++
			}
			if s.limit.MaxAliases > 0 && s.aliases > s.limit.MaxAliases {
				s.exceeded = Errorf(CodeLimitExceeded, "more than %d aliased fields in one operation", s.limit.MaxAliases)
				return deepest
			}
			if s.limit.MaxFields > 0 && s.fields > s.limit.MaxFields {
				s.exceeded = Errorf(CodeLimitExceeded, "more than %d fields in one operation", s.limit.MaxFields)
				return deepest
			}
			d := depth
			if len(x.SelectionSet) > 0 {
				d = s.walk(x.SelectionSet, depth+1, inFrag)
			}
			deepest = max(deepest, d)
		case *ast.InlineFragment:
			deepest = max(deepest, s.walk(x.SelectionSet, depth, inFrag))
		case *ast.FragmentSpread:
			if inFrag[x.Name] {
				continue // a cycle; validation reports it
			}
			f := s.frags.ForName(x.Name)
			if f == nil {
				continue
			}
			inFrag[x.Name] = true
			deepest = max(deepest, s.walk(f.SelectionSet, depth, inFrag))
			delete(inFrag, x.Name)
		}
	}
	return deepest
}
