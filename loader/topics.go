package loader

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Topic matching: which topics of a taxonomy a text mentions.
//
// The matcher is a trie of the aliases' folded forms (ASCII width and case folded, see
// foldRune). Scanning a text, at each position it walks the trie as far as the text
// allows and keeps the longest alias that ends at an acceptable place; that alias is
// consumed and scanning resumes after it, otherwise it moves on by one character. This
// is leftmost-longest matching: ローカル5G is one match (local-5g), not ローカル + 5G, and
// C&Cサーバー consumes its ー. The cost is at most the longest alias per character, and
// in practice two array look-ups for most characters, since few characters start an
// alias.
//
// An alias that starts with an ASCII letter or digit only matches where the text does not
// continue a word before it (AI does not match inside MAIL, 5G not inside L5G); one that
// ends with an ASCII letter only matches where no letter follows (NIST not inside NISTX),
// and one that ends with a digit where no digit follows. A letter may follow a digit and
// vice versa, so ISO matches ISO27001 and IoT matches IoT2. Non-ASCII aliases have no
// boundaries: Japanese has no spaces, so C&Cサーバ matches C&Cサーバ15 and クラウド matches
// パブリッククラウド; words that contain an alias without meaning it (ロボット contains ボット) are
// the taxonomy's ignore forms, which are consumed like aliases but produce no match.

// Match is one topic found in a text: the topic's ID and the text as it occurs there (a
// substring of the text, so that a researcher can find it).
type Match struct {
	Topic   string // topic ID
	Surface string
}

// Match returns the topics text mentions, one Match per topic (its first occurrence),
// in the order of their first occurrence. text should be NFKC-normalised
// (NormalizeText); full-width and half-width ASCII, and upper and lower case, match
// alike regardless (ＩｏＴ, iot and IoT all match IoT), except for the aliases of a topic
// marked match_case.
func (t *Taxonomy) Match(text string) []Match { return t.match(text, false) }

// MatchSurfaces is Match with one Match per topic and distinct surface form, so that
// every way a text names a topic is evidence (Mirai and ポット化 both for botnet).
func (t *Taxonomy) MatchSurfaces(text string) []Match { return t.match(text, true) }

func (t *Taxonomy) match(text string, everySurface bool) []Match {
	var out []Match
	t.m.scan(text, func(a int32, start, end int) {
		topic := t.m.aliases[a].topic
		if topic == "" {
			return // an ignore form
		}
		surface := text[start:end]
		for _, m := range out {
			if m.Topic == topic && (!everySurface || m.Surface == surface) {
				return
			}
		}
		out = append(out, Match{Topic: topic, Surface: surface})
	})
	return out
}

// ─── folding ─────────────────────────────────────────────────────────────────────────

// foldRune maps a rune to the form the matcher compares: ASCII letters in lower case,
// full-width ASCII (U+FF01–U+FF5E) to ASCII, the ideographic space to a space, hyphen
// and minus look-alikes to '-', and the half-width forms of ー and ・ to full width.
// It maps one rune to one rune, so positions in the folded text are those of the text.
func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r < 0x80:
		return r
	}
	return toLowerASCII(foldWidth(r))
}

// foldWidth is foldRune without the case folding (for match_case aliases).
func foldWidth(r rune) rune {
	switch {
	case r < 0x80:
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000:
		return ' '
	case r >= 0x2010 && r <= 0x2013, r == 0x2212, r == 0xFE63:
		return '-'
	case r == 0xFF70:
		return 'ー'
	case r == 0xFF65, r == 0x00B7:
		return '・'
	}
	return r
}

func toLowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

// foldForMatch folds every rune of s with foldRune. It does not NFKC-normalise: callers
// pass normalised text (NormalizeText), and aliases are normalised when read.
func foldForMatch(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isASCIIDigit(r rune) bool  { return r >= '0' && r <= '9' }

// ─── the trie ────────────────────────────────────────────────────────────────────────

// Edge classes of an alias, for the ASCII word-boundary rules.
const (
	edgeOther  = iota // the alias starts or ends with a non-ASCII-alphanumeric rune
	edgeLetter        // … with an ASCII letter
	edgeDigit         // … with an ASCII digit
)

func edgeClass(r rune) uint8 {
	switch {
	case isASCIILetter(r):
		return edgeLetter
	case isASCIIDigit(r):
		return edgeDigit
	}
	return edgeOther
}

type matchAlias struct {
	topic     string // topic ID; "" for an ignore form
	exact     []rune // width-folded runes with case kept, for matchCase
	matchCase bool
	start     uint8 // edge class of the first rune
	end       uint8 // edge class of the last rune
}

type trieEdge struct {
	r  rune
	to int32
}

type trieNode struct {
	edges []trieEdge // sorted by r
	alias int32      // index into matcher.aliases of the alias ending here, or -1
}

type matcher struct {
	nodes   []trieNode // nodes[0] is the root
	aliases []matchAlias
	// The root's children, looked up for every character of every text: a two-level
	// table for the Basic Multilingual Plane (pages of 256 runes, nil where no alias
	// starts), and a map for the rest.
	rootPages [256]*[256]int32
	rootMap   map[rune]int32
}

type matcherBuilder struct{ m *matcher }

func newMatcherBuilder() *matcherBuilder {
	return &matcherBuilder{m: &matcher{nodes: []trieNode{{alias: -1}}}}
}

// add adds an alias (already normalised and not empty) for the topic ID (or "" for an
// ignore form). A later add of the same folded alias replaces the earlier.
func (b *matcherBuilder) add(alias, topic string, matchCase bool) {
	m := b.m
	exact := make([]rune, 0, len(alias))
	node := int32(0)
	for _, r := range alias {
		exact = append(exact, foldWidth(r))
		f := foldRune(r)
		next := m.child(node, f)
		if next < 0 {
			next = int32(len(m.nodes))
			m.nodes = append(m.nodes, trieNode{alias: -1})
			m.nodes[node].edges = append(m.nodes[node].edges, trieEdge{f, next})
			slices.SortFunc(m.nodes[node].edges, func(a, b trieEdge) int { return int(a.r - b.r) })
		}
		node = next
	}
	m.nodes[node].alias = int32(len(m.aliases))
	m.aliases = append(m.aliases, matchAlias{
		topic:     topic,
		exact:     exact,
		matchCase: matchCase,
		start:     edgeClass(exact[0]),
		end:       edgeClass(exact[len(exact)-1]),
	})
}

func (b *matcherBuilder) build() *matcher {
	m := b.m
	m.rootMap = map[rune]int32{}
	for _, e := range m.nodes[0].edges {
		if e.r > 0xFFFF {
			m.rootMap[e.r] = e.to
			continue
		}
		page := m.rootPages[e.r>>8]
		if page == nil {
			page = new([256]int32)
			for i := range page {
				page[i] = -1
			}
			m.rootPages[e.r>>8] = page
		}
		page[e.r&0xFF] = e.to
	}
	return m
}

// child returns the child of node along folded rune f, or -1.
func (m *matcher) child(node int32, f rune) int32 {
	edges := m.nodes[node].edges
	if len(edges) <= 8 {
		for _, e := range edges {
			if e.r == f {
				return e.to
			}
		}
		return -1
	}
	i, ok := slices.BinarySearchFunc(edges, f, func(e trieEdge, r rune) int { return int(e.r - r) })
	if !ok {
		return -1
	}
	return edges[i].to
}

// first returns the root's child along folded rune f, or -1.
func (m *matcher) first(f rune) int32 {
	if f >= 0 && f <= 0xFFFF {
		if page := m.rootPages[f>>8]; page != nil {
			return page[f&0xFF]
		}
		return -1
	}
	if n, ok := m.rootMap[f]; ok {
		return n
	}
	return -1
}

// accept reports whether alias a may match text[start:end], prev being the rune before
// start (or -1 at the start of the text).
func (m *matcher) accept(a int32, text string, start, end int, prev rune) bool {
	al := &m.aliases[a]
	if al.start != edgeOther && (isASCIILetter(prev) || isASCIIDigit(prev)) {
		return false
	}
	if al.end != edgeOther && end < len(text) {
		next, _ := utf8.DecodeRuneInString(text[end:])
		next = foldWidth(next)
		if al.end == edgeLetter && isASCIILetter(next) || al.end == edgeDigit && isASCIIDigit(next) {
			return false
		}
	}
	if al.matchCase {
		i := 0
		for _, r := range text[start:end] {
			if i >= len(al.exact) || foldWidth(r) != al.exact[i] {
				return false
			}
			i++
		}
	}
	return true
}

// scan calls fn, in text order, for every alias consumed by leftmost-longest matching
// (ignore forms included) with its index and byte range in text.
func (m *matcher) scan(text string, fn func(alias int32, start, end int)) {
	prev := rune(-1) // the (width-folded) rune before i
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		best, bestEnd := m.longestAt(text, i, foldRune(r), w, prev)
		if best < 0 {
			prev = foldWidth(r)
			i += w
			continue
		}
		fn(best, i, bestEnd)
		last, _ := utf8.DecodeLastRuneInString(text[i:bestEnd])
		prev = foldWidth(last)
		i = bestEnd
	}
}

// longestAt returns the longest acceptable alias starting at byte i of text (whose
// first rune folds to f and is w bytes long), and where it ends; or -1.
func (m *matcher) longestAt(text string, i int, f rune, w int, prev rune) (int32, int) {
	node := m.first(f)
	best, bestEnd := int32(-1), 0
	for j := i + w; node >= 0; {
		if a := m.nodes[node].alias; a >= 0 && m.accept(a, text, i, j, prev) {
			best, bestEnd = a, j
		}
		if j >= len(text) {
			break
		}
		r, w := utf8.DecodeRuneInString(text[j:])
		node = m.child(node, foldRune(r))
		j += w
	}
	return best, bestEnd
}
