package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/server"
)

// varsFlag collects --var k=v; a value that parses as JSON is used as JSON (numbers,
// lists, objects), anything else as a string.
type varsFlag map[string]any

func (v varsFlag) String() string { return "" }
func (v varsFlag) Set(s string) error {
	k, val, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	var j any
	if err := json.Unmarshal([]byte(val), &j); err == nil {
		v[k] = j
	} else {
		v[k] = val
	}
	return nil
}

// runQuery runs one GraphQL operation against a store, without a server, and prints the
// whole response. It exits 1 when the response has errors.
func runQuery(m Main, ctx context.Context, args []string) error {
	fs := m.flags("query")
	spec := storeFlag(fs)
	vars := varsFlag{}
	fs.Var(vars, "var", "a variable, name=value (JSON or a string); repeat for more")
	limits := limitFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return graph.Errorf(graph.EINVALID, "give one query, as text or as @file")
	}
	q := pos[0]
	if file, ok := strings.CutPrefix(q, "@"); ok {
		b, err := os.ReadFile(file)
		if err != nil {
			return graph.Errorf(graph.EINVALID, "%v", err)
		}
		q = string(b)
	}
	st, model, err := openModel(ctx, m, *spec, false, index.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	out, err := server.New(model, st, *limits).Execute(ctx, q, vars)
	if err != nil {
		return err
	}
	m.Stdout.Write(out)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		fmt.Fprintln(m.Stdout)
	}
	var resp struct {
		Errors []json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(out, &resp) != nil || len(resp.Errors) > 0 {
		return exitError(1)
	}
	return nil
}
