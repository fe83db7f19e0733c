package server

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pcgraph/pcgraph/graph"
)

// presentError shows users what they can act on and nothing internal: an EINVALID or
// ENOTFOUND error keeps its message and gets its code in extensions; anything else is
// logged and shown as "internal error". A request that ran out of time says so.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var e *graph.Error
	switch {
	case errors.As(err, &e) && e.Code != graph.EINTERNAL:
		gerr.Message = e.Error()
		setCode(gerr, e.Code)
	case errors.Is(err, context.DeadlineExceeded):
		gerr.Message = "the request took longer than the server's time limit"
		setCode(gerr, "TIMEOUT")
	case errors.Is(err, context.Canceled):
		gerr.Message = "the request was cancelled"
		setCode(gerr, "CANCELLED")
	case isGraphQLError(err):
		// parse and validation errors of gqlparser: already about the query
	default:
		slog.ErrorContext(ctx, "graphql: internal error", "path", gerr.Path.String(), "err", err)
		gerr.Message = "internal error"
		setCode(gerr, graph.EINTERNAL)
	}
	return gerr
}

func isGraphQLError(err error) bool {
	var g *gqlerror.Error
	return errors.As(err, &g) && g.Unwrap() == nil
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// recoverPanic turns a resolver panic into an internal error, logged with its value.
func recoverPanic(ctx context.Context, v any) error {
	slog.ErrorContext(ctx, "graphql: panic", "value", v)
	return graph.Errorf(graph.EINTERNAL, "panic: %v", v)
}
