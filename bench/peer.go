package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/text/unicode/norm"

	"github.com/pcgraph/pcgraph/graph"
)

// Peer is what a researcher would use instead of pcgraph: the same records in ordinary
// PostgreSQL tables with B-tree indexes (and pg_trgm for text search), loaded with COPY,
// asked the same questions in hand-written SQL through pgx.
//
// It computes what SQL computes well: for the network that is the topics' comment counts
// and the co-occurrence edges with their weights. Node measures such as betweenness and
// communities are not SQL; a researcher computes them afterwards (networkx), so the
// benchmark asks pcgraph for nodes and edges with weights only.
type Peer struct {
	admin string // the DSN the database was created from
	name  string // the database, bench_<random>
	pool  *pgxpool.Pool
	keep  bool
}

// PeerLoad says what loading the peer took.
type PeerLoad struct {
	Rows    int           // rows copied, over all tables
	Copy    time.Duration // COPY of every table
	Indexes time.Duration // CREATE INDEX and ANALYZE
}

// peerSchema has no indexes: they are built after COPY, as one does for a bulk load.
const peerSchema = `
DROP TABLE IF EXISTS consultations, organizations, submitters, sections, topics, comments,
  comment_topics, comment_dispositions, page_refs;
CREATE TABLE consultations (id text NOT NULL, slug text NOT NULL, title text NOT NULL, ministry text NOT NULL, deadline text NOT NULL);
CREATE TABLE organizations (id text NOT NULL, name text NOT NULL);
CREATE TABLE submitters (id text NOT NULL, consultation_id text NOT NULL, label text NOT NULL, name text NOT NULL, kind text NOT NULL, organization_id text);
CREATE TABLE sections (id text NOT NULL, consultation_id text NOT NULL, code text NOT NULL, chapter text NOT NULL, title text NOT NULL, parent_id text);
CREATE TABLE topics (id text NOT NULL, slug text NOT NULL, label text NOT NULL, label_en text NOT NULL, kind text NOT NULL, broader_id text);
CREATE TABLE comments (id text NOT NULL, consultation_id text NOT NULL, number int NOT NULL, submitter_id text NOT NULL, section_id text,
  text text NOT NULL, response_text text NOT NULL, source_line int NOT NULL);
-- a comment is about a topic when its text or its section names it (mentions via COMMENT or SECTION)
CREATE TABLE comment_topics (comment_id text NOT NULL, topic_id text NOT NULL);
CREATE TABLE comment_dispositions (comment_id text NOT NULL, disposition text NOT NULL, evidence text NOT NULL);
CREATE TABLE page_refs (comment_id text NOT NULL, page int NOT NULL, lines text NOT NULL, surface text NOT NULL);
`

const peerIndexes = `
ALTER TABLE consultations ADD PRIMARY KEY (id);
ALTER TABLE organizations ADD PRIMARY KEY (id);
ALTER TABLE submitters ADD PRIMARY KEY (id);
ALTER TABLE sections ADD PRIMARY KEY (id);
ALTER TABLE topics ADD PRIMARY KEY (id);
ALTER TABLE comments ADD PRIMARY KEY (id);
ALTER TABLE comment_topics ADD PRIMARY KEY (comment_id, topic_id);
ALTER TABLE comment_dispositions ADD PRIMARY KEY (comment_id, disposition);
CREATE INDEX ON organizations (name);
CREATE INDEX ON submitters (organization_id);
CREATE INDEX ON sections (parent_id);
CREATE INDEX ON topics (broader_id);
CREATE UNIQUE INDEX ON comments (consultation_id, number);
CREATE INDEX ON comments (submitter_id);
CREATE INDEX ON comments (section_id);
CREATE INDEX ON comment_topics (topic_id, comment_id);
CREATE INDEX ON comment_dispositions (disposition, comment_id);
CREATE INDEX ON page_refs (page);
CREATE INDEX ON page_refs (comment_id);
CREATE INDEX ON comments USING gin (text gin_trgm_ops);
CREATE INDEX ON comments USING gin (response_text gin_trgm_ops);
ANALYZE;
`

// The questions in SQL, as a researcher would write them.
const (
	// Topics are a tree (broader): the recursive CTE collects the topic and every
	// narrower one.
	sqlFlagship = `
WITH RECURSIVE t(id) AS (
    SELECT id FROM topics WHERE id = $1
  UNION
    SELECT n.id FROM topics n JOIN t ON n.broader_id = t.id
)
SELECT DISTINCT o.id, o.name
FROM t
JOIN comment_topics ct ON ct.topic_id = t.id
JOIN comment_dispositions cd ON cd.comment_id = ct.comment_id AND cd.disposition = $2
JOIN comments c ON c.id = ct.comment_id
JOIN submitters s ON s.id = c.submitter_id
JOIN organizations o ON o.id = s.organization_id
ORDER BY o.name, o.id`

	sqlTwoHop = `
WITH top AS (
  SELECT s.organization_id AS id, count(*) AS n
  FROM comments c JOIN submitters s ON s.id = c.submitter_id
  WHERE s.organization_id IS NOT NULL
  GROUP BY s.organization_id
  ORDER BY n DESC, s.organization_id
  LIMIT $1
)
SELECT top.id, o.name, top.n, c.id, ct.topic_id
FROM top
JOIN organizations o ON o.id = top.id
CROSS JOIN LATERAL (
  SELECT c.id, c.consultation_id, c.number
  FROM comments c JOIN submitters s ON s.id = c.submitter_id
  WHERE s.organization_id = top.id
  ORDER BY c.consultation_id, c.number
  LIMIT $2
) c
LEFT JOIN comment_topics ct ON ct.comment_id = c.id
ORDER BY top.n DESC, top.id, c.consultation_id, c.number, ct.topic_id`

	sqlStats = `
SELECT c.section_id, s.code, s.title, cd.disposition, count(*)
FROM comments c
JOIN comment_dispositions cd ON cd.comment_id = c.id
LEFT JOIN sections s ON s.id = c.section_id
GROUP BY c.section_id, s.code, s.title, cd.disposition`

	sqlNetworkNodes = `
SELECT t.id, t.label, n.weight
FROM (SELECT topic_id, count(*) AS weight FROM comment_topics GROUP BY topic_id) n
JOIN topics t ON t.id = n.topic_id
ORDER BY t.id`

	sqlNetworkEdges = `
SELECT a.topic_id, b.topic_id, count(*)
FROM comment_topics a
JOIN comment_topics b ON b.comment_id = a.comment_id AND a.topic_id < b.topic_id
GROUP BY a.topic_id, b.topic_id
ORDER BY a.topic_id, b.topic_id`

	// pg_trgm's GIN indexes serve ILIKE '%word%' on either column. Written plainly
	// (WHERE … ORDER BY … LIMIT) the planner walks the (consultation_id, number) index
	// and filters every comment, 20× slower at 10,000 comments: a researcher who looked
	// at EXPLAIN would find the hits first, as here, then order them.
	sqlSearch = `
WITH hits AS MATERIALIZED (
  SELECT c.id, c.number, c.consultation_id
  FROM comments c
  WHERE c.text ILIKE $1 OR c.response_text ILIKE $1
)
SELECT id, number, count(*) OVER () AS total
FROM hits
ORDER BY consultation_id, number
LIMIT $2`
)

// randomName returns prefix followed by 12 random hex digits.
func randomName(prefix string) string {
	var b [6]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// CreateDatabase creates a database on the server of the admin DSN: UTF-8, with a
// C collation (byte order, as Go compares strings) and a C.UTF-8 character
// classification (which pg_trgm needs to make trigrams of Japanese text).
func CreateDatabase(ctx context.Context, admin, name string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("connect to the peer's PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+
		" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
	if err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// DropDatabase drops a database made by CreateDatabase, closing its connections.
func DropDatabase(ctx context.Context, admin, name string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}

// DatabaseURL returns the postgres:// URL of database name on the server of admin.
func DatabaseURL(admin, name string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("the PostgreSQL DSN must be a postgres://… URL")
	}
	u.Path = "/" + name
	return u.String(), nil
}

// OpenPeer creates a fresh database for the peer and connects a pool of up to
// maxConns connections to it.
func OpenPeer(ctx context.Context, admin string, maxConns int, keep bool) (*Peer, error) {
	p := &Peer{admin: admin, name: randomName("bench_"), keep: keep}
	if err := CreateDatabase(ctx, admin, p.name); err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(admin)
	if err != nil {
		DropDatabase(ctx, admin, p.name)
		return nil, err
	}
	cfg.ConnConfig.Database = p.name
	cfg.MaxConns = int32(max(maxConns, 1))
	cfg.MinConns = cfg.MaxConns
	p.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		_, err = p.pool.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm")
	}
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("peer database %s: %w", p.name, err)
	}
	return p, nil
}

// Name is the peer's database.
func (p *Peer) Name() string { return p.name }

// Close disconnects and drops the database (unless it is kept).
func (p *Peer) Close() error {
	if p.pool != nil {
		p.pool.Close()
	}
	if p.keep {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return DropDatabase(ctx, p.admin, p.name)
}

// Load replaces the peer's tables with datasets: COPY into bare tables, then the
// indexes and ANALYZE.
func (p *Peer) Load(ctx context.Context, datasets []*graph.Dataset) (PeerLoad, error) {
	var res PeerLoad
	if _, err := p.pool.Exec(ctx, peerSchema); err != nil {
		return res, fmt.Errorf("peer schema: %w", err)
	}
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	var cons, orgs, subs, secs, tops, comments, ctopics, disps, pages [][]any
	seenOrg, seenTopic := map[string]bool{}, map[string]bool{}
	ds := slices.Clone(datasets)
	slices.SortFunc(ds, func(a, b *graph.Dataset) int { return strings.Compare(a.Consultation.Slug, b.Consultation.Slug) })
	for _, d := range ds {
		c := d.Consultation
		cons = append(cons, []any{c.ID, c.Slug, c.Title, c.Ministry, c.Deadline})
		for _, o := range d.Organizations { // shared across consultations: the first wins
			if !seenOrg[o.ID] {
				seenOrg[o.ID] = true
				orgs = append(orgs, []any{o.ID, o.Name})
			}
		}
		for _, t := range d.Topics {
			if !seenTopic[t.ID] {
				seenTopic[t.ID] = true
				tops = append(tops, []any{t.ID, t.Slug, t.Label, t.LabelEn, string(t.Kind), null(t.Broader)})
			}
		}
		for _, s := range d.Submitters {
			subs = append(subs, []any{s.ID, s.Consultation, s.Label, s.Name, string(s.Kind), null(s.Organization)})
		}
		for _, s := range d.Sections {
			secs = append(secs, []any{s.ID, s.Consultation, s.Code, s.Chapter, s.Title, null(s.Parent)})
		}
		for i := range d.Comments {
			cm := &d.Comments[i]
			comments = append(comments, []any{cm.ID, cm.Consultation, int32(cm.Number), cm.Submitter, null(cm.Section), cm.Text, cm.Response.Text, int32(cm.Source.Line)})
			var seen []string
			for _, m := range cm.Mentions {
				if (m.Via == graph.ViaComment || m.Via == graph.ViaSection) && !slices.Contains(seen, m.Topic) {
					seen = append(seen, m.Topic)
					ctopics = append(ctopics, []any{cm.ID, m.Topic})
				}
			}
			for _, a := range cm.Response.Dispositions {
				disps = append(disps, []any{cm.ID, string(a.Disposition), a.Evidence})
			}
			for _, pr := range cm.PageRefs {
				pages = append(pages, []any{cm.ID, int32(pr.Page), pr.Lines, pr.Surface})
			}
		}
	}
	start := time.Now()
	for _, t := range []struct {
		name string
		cols []string
		rows [][]any
	}{
		{"consultations", []string{"id", "slug", "title", "ministry", "deadline"}, cons},
		{"organizations", []string{"id", "name"}, orgs},
		{"submitters", []string{"id", "consultation_id", "label", "name", "kind", "organization_id"}, subs},
		{"sections", []string{"id", "consultation_id", "code", "chapter", "title", "parent_id"}, secs},
		{"topics", []string{"id", "slug", "label", "label_en", "kind", "broader_id"}, tops},
		{"comments", []string{"id", "consultation_id", "number", "submitter_id", "section_id", "text", "response_text", "source_line"}, comments},
		{"comment_topics", []string{"comment_id", "topic_id"}, ctopics},
		{"comment_dispositions", []string{"comment_id", "disposition", "evidence"}, disps},
		{"page_refs", []string{"comment_id", "page", "lines", "surface"}, pages},
	} {
		n, err := p.pool.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(t.rows))
		if err != nil {
			return res, fmt.Errorf("peer: copy %s: %w", t.name, err)
		}
		res.Rows += int(n)
	}
	res.Copy = time.Since(start)
	start = time.Now()
	if _, err := p.pool.Exec(ctx, peerIndexes); err != nil {
		return res, fmt.Errorf("peer indexes: %w", err)
	}
	res.Indexes = time.Since(start)
	return res, nil
}

// likePattern makes an ILIKE pattern that finds text anywhere (NFKC-normalised, as the
// comments are).
func likePattern(text string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(norm.NFKC.String(text)) + "%"
}

// Answer answers question q.
func (p *Peer) Answer(ctx context.Context, q, searchText string) (Answer, error) {
	switch q {
	case Flagship:
		orgs, err := p.flagship(ctx)
		return flagshipAnswer(orgs), err
	case TwoHop:
		orgs, err := p.twoHop(ctx)
		return twoHopAnswer(orgs), err
	case Stats:
		rows, err := p.stats(ctx)
		return statsAnswer(rows), err
	case Network:
		nodes, edges, err := p.network(ctx)
		return networkAnswer(nodes, edges), err
	case Search:
		total, hits, err := p.search(ctx, likePattern(searchText))
		return searchAnswer(total, len(hits)), err
	}
	return Answer{}, fmt.Errorf("unknown question %q", q)
}

// Op returns the measured operation for question q: the query, every row read.
func (p *Peer) Op(q, searchText string) (func(context.Context) error, error) {
	switch q {
	case Flagship:
		return func(ctx context.Context) error { _, err := p.flagship(ctx); return err }, nil
	case TwoHop:
		return func(ctx context.Context) error { _, err := p.twoHop(ctx); return err }, nil
	case Stats:
		return func(ctx context.Context) error { _, err := p.stats(ctx); return err }, nil
	case Network:
		return func(ctx context.Context) error { _, _, err := p.network(ctx); return err }, nil
	case Search:
		pattern := likePattern(searchText)
		return func(ctx context.Context) error { _, _, err := p.search(ctx, pattern); return err }, nil
	}
	return nil, fmt.Errorf("unknown question %q", q)
}

func (p *Peer) flagship(ctx context.Context) ([]orgRow, error) {
	rows, _ := p.pool.Query(ctx, sqlFlagship, FlagshipTopic, string(FlagshipDisposition))
	var out []orgRow
	var r orgRow
	_, err := pgx.ForEachRow(rows, []any{&r.ID, &r.Name}, func() error { out = append(out, r); return nil })
	return out, wrapSQL(Flagship, err)
}

func (p *Peer) twoHop(ctx context.Context) ([]twoHopOrg, error) {
	rows, _ := p.pool.Query(ctx, sqlTwoHop, TwoHopOrganizations, TwoHopComments)
	var out []twoHopOrg
	var org, name, comment string
	var n int64
	var topic *string
	_, err := pgx.ForEachRow(rows, []any{&org, &name, &n, &comment, &topic}, func() error {
		if len(out) == 0 || out[len(out)-1].ID != org {
			out = append(out, twoHopOrg{ID: org, Name: name, Count: int(n)})
		}
		o := &out[len(out)-1]
		if len(o.Comments) == 0 || o.Comments[len(o.Comments)-1].ID != comment {
			o.Comments = append(o.Comments, twoHopComment{ID: comment})
		}
		if topic != nil {
			c := &o.Comments[len(o.Comments)-1]
			c.Topics = append(c.Topics, *topic)
		}
		return nil
	})
	return out, wrapSQL(TwoHop, err)
}

func (p *Peer) stats(ctx context.Context) ([]statRow, error) {
	rows, _ := p.pool.Query(ctx, sqlStats)
	var out []statRow
	var sec, code, title *string
	var disp string
	var n int64
	_, err := pgx.ForEachRow(rows, []any{&sec, &code, &title, &disp, &n}, func() error {
		r := statRow{Disposition: disp, Count: int(n)}
		if sec != nil {
			r.Section = *sec
		}
		out = append(out, r)
		return nil
	})
	return out, wrapSQL(Stats, err)
}

func (p *Peer) network(ctx context.Context) ([]netNode, []netEdge, error) {
	rows, _ := p.pool.Query(ctx, sqlNetworkNodes)
	var nodes []netNode
	var nd netNode
	var w int64
	if _, err := pgx.ForEachRow(rows, []any{&nd.ID, &nd.Label, &w}, func() error {
		nd.Weight = int(w)
		nodes = append(nodes, nd)
		return nil
	}); err != nil {
		return nil, nil, wrapSQL(Network, err)
	}
	rows, _ = p.pool.Query(ctx, sqlNetworkEdges)
	var edges []netEdge
	var e netEdge
	_, err := pgx.ForEachRow(rows, []any{&e.Source, &e.Target, &w}, func() error {
		e.Weight = int(w)
		edges = append(edges, e)
		return nil
	})
	return nodes, edges, wrapSQL(Network, err)
}

func (p *Peer) search(ctx context.Context, pattern string) (total int, hits []string, err error) {
	rows, _ := p.pool.Query(ctx, sqlSearch, pattern, SearchFirst)
	var id string
	var number int32
	var t int64
	_, err = pgx.ForEachRow(rows, []any{&id, &number, &t}, func() error {
		hits = append(hits, id)
		total = int(t)
		return nil
	})
	return total, hits, wrapSQL(Search, err)
}

func wrapSQL(q string, err error) error {
	if err != nil {
		return fmt.Errorf("peer %s: %w", q, err)
	}
	return nil
}
