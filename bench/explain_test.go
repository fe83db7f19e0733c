package bench

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// explain returns PostgreSQL's plan (EXPLAIN ANALYZE) of question q, so that a test can
// check which indexes the peer uses.
func explain(ctx context.Context, p *Peer, q, searchText string) (string, error) {
	var sqls []string
	var args [][]any
	switch q {
	case Flagship:
		sqls, args = []string{sqlFlagship}, [][]any{{FlagshipTopic, string(FlagshipDisposition)}}
	case TwoHop:
		sqls, args = []string{sqlTwoHop}, [][]any{{TwoHopOrganizations, TwoHopComments}}
	case Stats:
		sqls, args = []string{sqlStats}, [][]any{nil}
	case Network:
		sqls, args = []string{sqlNetworkNodes, sqlNetworkEdges}, [][]any{nil, nil}
	case Search:
		sqls, args = []string{sqlSearch}, [][]any{{likePattern(searchText), SearchFirst}}
	default:
		return "", fmt.Errorf("unknown question %q", q)
	}
	var b strings.Builder
	for i, s := range sqls {
		rows, _ := p.pool.Query(ctx, "EXPLAIN ANALYZE "+s, args[i]...)
		var line string
		if _, err := pgx.ForEachRow(rows, []any{&line}, func() error { b.WriteString(line + "\n"); return nil }); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}
