package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
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
		// parse and validation errors of gqlparser: already about the query, but for
		// the one that hides what was wrong
		clarifyVariable(gerr)
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

// clarifyVariable rewrites gqlparser's message for a JSON number that is not a whole
// number given for an Int variable — "cannot use value 0 as Int", the 0 being what it
// failed to convert — into one that says which variable and what it takes.
func clarifyVariable(e *gqlerror.Error) {
	rest, ok := strings.CutPrefix(e.Message, "cannot use value ")
	if !ok || len(e.Path) != 2 || e.Path[0] != ast.PathName("variable") || !strings.HasSuffix(rest, " as Int") {
		return
	}
	name, _ := e.Path[1].(ast.PathName)
	e.Message = fmt.Sprintf("variable $%s is an Int: give a whole number between %d and %d (the value given has a fraction, an exponent or is out of range)", name, math.MinInt32, math.MaxInt32)
}
