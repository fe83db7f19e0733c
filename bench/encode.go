package bench

import (
	"encoding/base64"
	"strconv"

	"github.com/pcgraph/pcgraph/graph"
)

// The limit's answers encoded as the API encodes them: the bytes of the `data` of the
// GraphQL response to the same question (bench/pcgraph.go's queries), so that the limit
// pays for the JSON a client receives, as pcgraph does. A test (TestLimitEncodesAsTheAPI)
// compares the bytes. Every answer is written into one buffer: a request's cost, not a
// field's.

// jsonEnc appends JSON to a buffer.
type jsonEnc struct{ b []byte }

// str appends s quoted as the API writes strings: gqlgen's quoting (", \ and control
// characters escaped), then the HTML escaping of the server's transport (<, >, &,
// U+2028 and U+2029 as \u003c, \u003e, \u0026, \u2028, \u2029); everything else as
// it is.
func (e *jsonEnc) str(s string) {
	const hex = "0123456789abcdef"
	e.b = append(e.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' && c != '<' && c != '>' && c != '&' && c != 0xE2 {
			continue // the common case
		}
		var esc string
		switch {
		case c == '\t':
			esc = `\t`
		case c == '\r':
			esc = `\r`
		case c == '\n':
			esc = `\n`
		case c == '\\':
			esc = `\\`
		case c == '"':
			esc = `\"`
		case c < 0x20:
			esc = `\u00` + string([]byte{hex[c>>4], hex[c&0xf]})
		case c == '<':
			esc = `\u003c`
		case c == '>':
			esc = `\u003e`
		case c == '&':
			esc = `\u0026`
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			esc = `\u2028`
			if s[i+2] == 0xA9 {
				esc = `\u2029`
			}
			e.b = append(e.b, s[start:i]...)
			e.b = append(e.b, esc...)
			i += 2
			start = i + 1
			continue
		default:
			continue
		}
		e.b = append(e.b, s[start:i]...)
		e.b = append(e.b, esc...)
		start = i + 1
	}
	e.b = append(e.b, s[start:]...)
	e.b = append(e.b, '"')
}

func (e *jsonEnc) raw(s string) { e.b = append(e.b, s...) }
func (e *jsonEnc) int(n int)    { e.b = strconv.AppendInt(e.b, int64(n), 10) }

// comma separates the items of a list.
func (e *jsonEnc) comma(i int) {
	if i > 0 {
		e.b = append(e.b, ',')
	}
}

// cursor is the API's cursor of a list item: the base64 of its key.
func (e *jsonEnc) cursor(key string) {
	e.b = append(e.b, '"')
	e.b = base64.RawURLEncoding.AppendEncode(e.b, []byte(key))
	e.b = append(e.b, '"')
}

// encodeFlagship encodes the pages the API answers the flagship question in, pageSize
// organizations a page.
func (l *Limit) encodeFlagship(orgs []orgRow, pageSize int) [][]byte {
	var pages [][]byte
	for start := 0; start == 0 || start < len(orgs); start += pageSize {
		page := orgs[start:min(start+pageSize, len(orgs))]
		e := jsonEnc{b: make([]byte, 0, 128+len(page)*96)}
		e.raw(`{"organizations":{"totalCount":`)
		e.int(len(orgs))
		e.raw(`,"pageInfo":{"hasNextPage":`)
		e.raw(strconv.FormatBool(start+len(page) < len(orgs)))
		e.raw(`,"endCursor":`)
		if len(page) == 0 {
			e.raw(`null`)
		} else {
			e.cursor(page[len(page)-1].ID)
		}
		e.raw(`},"nodes":[`)
		for i, o := range page {
			e.comma(i)
			e.raw(`{"id":`)
			e.str(o.ID)
			e.raw(`,"name":`)
			e.str(o.Name)
			e.raw(`}`)
		}
		e.raw(`]}}`)
		pages = append(pages, e.b)
	}
	return pages
}

// encodeTwoHop encodes the two_hop answer: each comment with all its topics, each with
// the via of every mention (the API's Comment.topics, grouped by topic in mention order).
func (l *Limit) encodeTwoHop(top []int) []byte {
	e := jsonEnc{b: make([]byte, 0, 1<<16)}
	e.raw(`{"organizations":{"nodes":[`)
	for k, o := range top {
		e.comma(k)
		cs := l.byOrg[o]
		e.raw(`{"id":`)
		e.str(l.orgs[o].id)
		e.raw(`,"name":`)
		e.str(l.orgs[o].name)
		e.raw(`,"comments":{"totalCount":`)
		e.int(len(cs))
		e.raw(`,"nodes":[`)
		for j, c := range cs[:min(len(cs), TwoHopComments)] {
			e.comma(j)
			cm := &l.comments[c]
			e.raw(`{"id":`)
			e.str(cm.id)
			e.raw(`,"topics":[`)
			for i, m := range cm.mentions {
				e.comma(i)
				e.raw(`{"topic":{"id":`)
				e.str(l.topics[m.topic].id)
				e.raw(`},"evidence":[`)
				for v, via := range m.vias {
					e.comma(v)
					e.raw(`{"via":`)
					e.str(string(via))
					e.raw(`}`)
				}
				e.raw(`]}`)
			}
			e.raw(`]}`)
		}
		e.raw(`]}}`)
	}
	e.raw(`]}}`)
	return e.b
}

// encodeStats encodes the stats buckets, in the API's order (sections in document order,
// general comments last; dispositions in declaration order).
func (l *Limit) encodeStats(rows []statRow) []byte {
	e := jsonEnc{b: make([]byte, 0, 256*len(rows))}
	e.raw(`{"commentStats":[`)
	for i, r := range rows {
		e.comma(i)
		e.raw(`{"keys":[{"dimension":"SECTION","value":`)
		e.str(r.Section)
		e.raw(`,"label":`)
		e.str(r.label)
		e.raw(`},{"dimension":"DISPOSITION","value":`)
		e.str(r.Disposition)
		e.raw(`,"label":`)
		e.str(graph.Label("Disposition", r.Disposition))
		e.raw(`}],"count":`)
		e.int(r.Count)
		e.raw(`}`)
	}
	e.raw(`]}`)
	return e.b
}

// encodeNetwork encodes the topic network: nodes by ID, edges by source then target.
func (l *Limit) encodeNetwork(nodes []netNode, edges []netEdge) []byte {
	e := jsonEnc{b: make([]byte, 0, 64*len(nodes)+80*len(edges))}
	e.raw(`{"topicNetwork":{"nodes":[`)
	for i, n := range nodes {
		e.comma(i)
		e.raw(`{"id":`)
		e.str(n.ID)
		e.raw(`,"label":`)
		e.str(n.Label)
		e.raw(`,"weight":`)
		e.int(n.Weight)
		e.raw(`}`)
	}
	e.raw(`],"edges":[`)
	for i, x := range edges {
		e.comma(i)
		e.raw(`{"source":`)
		e.str(x.Source)
		e.raw(`,"target":`)
		e.str(x.Target)
		e.raw(`,"weight":`)
		e.int(x.Weight)
		e.raw(`}`)
	}
	e.raw(`]}}`)
	return e.b
}
