package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/newsgraph/newsgraph/store"
)

// grpcCode is the gRPC status code anywhere in err's chain (Dgraph's
// client reports a request deadline as a gRPC status, not as
// context.DeadlineExceeded).
func grpcCode(err error) codes.Code {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if s, ok := status.FromError(e); ok && s.Code() != codes.OK && s.Code() != codes.Unknown {
			return s.Code()
		}
	}
	return codes.Unknown
}

// Error codes in extensions.code. Every error a client sees carries one.
const (
	CodeNotFound        = "NOT_FOUND"
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeLimitExceeded   = "LIMIT_EXCEEDED"
	CodeInternal        = "INTERNAL"
)

// apqNotFound is the code Apollo clients look for to resend a persisted
// query with its text; it must pass through unchanged.
const apqNotFound = "PERSISTED_QUERY_NOT_FOUND"

// Errorf returns a GraphQL error with a code.
func Errorf(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": code}}
}

// ErrorPresenter maps every error to one of the codes: the store's not
// found and input errors keep their (user-meant) messages; gqlgen's own
// parse, validation and complexity errors become BAD_USER_INPUT and
// LIMIT_EXCEEDED; anything else is logged in full and answered as INTERNAL
// with no detail.
func ErrorPresenter(log zerolog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gerr *gqlerror.Error
		if errors.As(err, &gerr) && gerr.Err == nil {
			// An error gqlgen or this package made: a message for the user.
			out := graphql.DefaultErrorPresenter(ctx, err)
			code, _ := out.Extensions["code"].(string)
			switch code {
			case CodeNotFound, CodeBadUserInput, CodeUnauthenticated, CodeLimitExceeded, CodeInternal, apqNotFound:
			case "COMPLEXITY_LIMIT_EXCEEDED":
				out.Extensions["code"] = CodeLimitExceeded
			default:
				// GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, or none:
				// the request itself is wrong.
				if out.Extensions == nil {
					out.Extensions = map[string]any{}
				}
				if code != "" {
					out.Extensions["reason"] = code
				}
				out.Extensions["code"] = CodeBadUserInput
			}
			return out
		}
		out := graphql.DefaultErrorPresenter(ctx, err)
		var inErr *store.InputError
		switch {
		case errors.As(err, &inErr):
			out.Message = inErr.Msg
			out.Extensions = map[string]any{"code": CodeBadUserInput}
		case errors.Is(err, store.ErrNotFound):
			out.Message = err.Error()
			out.Extensions = map[string]any{"code": CodeNotFound}
		case errors.Is(err, context.DeadlineExceeded) || grpcCode(err) == codes.DeadlineExceeded:
			out.Message = "the request took longer than the server's time limit; narrow it (fewer items, a shorter date range)"
			out.Extensions = map[string]any{"code": CodeLimitExceeded}
		case errors.As(err, &gerr) && gerr.Err != nil && gerr.Err.Error() == "introspection disabled":
			// gqlgen's own plain error when introspection is turned off.
			out.Message = "introspection is disabled on this server"
			out.Extensions = map[string]any{"code": CodeBadUserInput}
		case errors.Is(err, context.Canceled):
			out.Message = "the request was cancelled"
			out.Extensions = map[string]any{"code": CodeLimitExceeded}
		default:
			log.Error().Err(err).Str("path", out.Path.String()).Msg("graphql resolver failed")
			out.Message = "internal error; it has been logged"
			out.Extensions = map[string]any{"code": CodeInternal}
		}
		return out
	}
}

// RecoverFunc turns a resolver panic into an INTERNAL error, logged.
func RecoverFunc(log zerolog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		log.Error().Str("panic", fmt.Sprint(v)).Msg("graphql resolver panicked")
		return Errorf(CodeInternal, "internal error; it has been logged")
	}
}
