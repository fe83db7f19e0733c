package loader

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"

	"github.com/pcgraph/pcgraph/graph"
)

// The taxonomy: which topics comments are about (README "Topics").
//
// A taxonomy file is YAML; taxonomy.yaml beside this file is the default and documents
// the format. A user's own file REPLACES the default, unless it starts with
// `extends: default`, in which case its topics and ignore forms are added to the
// default's (redefining a default slug or alias is then an error, as within one file).

//go:embed taxonomy.yaml
var defaultTaxonomyYAML []byte

// DefaultTaxonomyFile is the name errors give the embedded taxonomy.
const DefaultTaxonomyFile = "taxonomy.yaml (default)"

// Taxonomy is a validated set of topics and the matcher built from their aliases. It is
// immutable after construction and safe for concurrent use.
type Taxonomy struct {
	// field lists words of the taxonomy's field of policy (IoT, セキュリティ …): a
	// consultation whose title has none of them is about something else, and gets no
	// topics from this taxonomy unless its manifest names it. Empty: any consultation.
	field    []string
	topics   []graph.Topic  // sorted by ID
	byID     map[string]int // topic ID → index in topics
	sections map[string][]string
	m        *matcher
}

var defaultTaxonomy = sync.OnceValue(func() *Taxonomy {
	t, err := ReadTaxonomy(DefaultTaxonomyFile, defaultTaxonomyYAML)
	if err != nil {
		panic("loader: the embedded taxonomy is broken: " + err.Error())
	}
	return t
})

// DefaultTaxonomy returns the embedded taxonomy. It panics only if the embedded file is
// broken, which a test rules out.
func DefaultTaxonomy() *Taxonomy { return defaultTaxonomy() }

// AppliesTo reports whether the taxonomy is about the field of a consultation with
// this title: the title names one of its field words (compared in NFKC, ignoring ASCII
// case), or the taxonomy declares no field.
func (t *Taxonomy) AppliesTo(title string) bool {
	if len(t.field) == 0 {
		return true
	}
	n := strings.ToLower(NormalizeText(title))
	for _, f := range t.field {
		if strings.Contains(n, strings.ToLower(f)) {
			return true
		}
	}
	return false
}

// emptyTaxonomy has no topics: what a consultation outside every taxonomy's field gets.
var emptyTaxonomy = sync.OnceValue(func() *Taxonomy {
	return &Taxonomy{byID: map[string]int{}, sections: map[string][]string{}, m: newMatcherBuilder().build()}
})

// Topics returns every topic, sorted by ID. The slice and its topics are copies. A
// topic's Aliases are every form it matches, NFKC-normalised: its label first, then the
// aliases of the file, without duplicates.
func (t *Taxonomy) Topics() []graph.Topic {
	out := make([]graph.Topic, len(t.topics))
	for i, tp := range t.topics {
		out[i] = copyTopic(tp)
	}
	return out
}

// Topic returns the topic with the given ID (topic/<slug>).
func (t *Taxonomy) Topic(id string) (graph.Topic, bool) {
	i, ok := t.byID[id]
	if !ok {
		return graph.Topic{}, false
	}
	return copyTopic(t.topics[i]), true
}

// Ancestors returns the IDs of the topics broader than id, nearest first (e-seal →
// trust-services). A comment about a topic is also about its ancestors.
func (t *Taxonomy) Ancestors(id string) []string {
	var out []string
	for {
		i, ok := t.byID[id]
		if !ok || t.topics[i].Broader == "" {
			return out
		}
		id = t.topics[i].Broader
		out = append(out, id)
	}
}

// TopicsForSection returns the IDs (sorted) of the topics whose sections include code.
// An item is part of its section, so III-2-3 also matches a topic linked to III-2, and
// both match one linked to III; a chapter does not match its sections' topics.
func (t *Taxonomy) TopicsForSection(code string) []string {
	var out []string
	for c := code; ; {
		out = append(out, t.sections[c]...)
		i := strings.LastIndexByte(c, '-')
		if i < 0 {
			break
		}
		c = c[:i]
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func copyTopic(tp graph.Topic) graph.Topic {
	tp.Aliases = slices.Clone(tp.Aliases)
	tp.Sections = slices.Clone(tp.Sections)
	return tp
}

// ─── reading ─────────────────────────────────────────────────────────────────────────

var (
	topicSlugPattern    = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	topicSectionPattern = regexp.MustCompile(`^(?:[IVX]+(?:-[1-9][0-9]*)*|OTHER)$`)
)

const maxTopicSlug = 64

// rawTopic is one topic as written, with where each part was written.
type rawTopic struct {
	file      string
	line      int // the topic's first line
	slug      string
	label     string
	labelEn   string
	kind      string
	broader   string
	matchCase bool
	aliases   []rawString
	sections  []rawString
	lines     map[string]int // field name → line of its value
}

type rawString struct {
	text string
	file string
	line int
}

// rawTaxonomy is a parsed file before validation.
type rawTaxonomy struct {
	extends string
	ignore  []rawString
	topics  []rawTopic
	field   []rawString
}

// ReadTaxonomy parses and validates a taxonomy file (see taxonomy.yaml for the format).
// file names the file in errors, which are *graph.Error with Code EINVALID and the line
// of the offending YAML node.
func ReadTaxonomy(file string, data []byte) (*Taxonomy, error) {
	raw, err := parseTaxonomy(file, data)
	if err != nil {
		return nil, err
	}
	switch raw.extends {
	case "":
	case "default":
		base, err := parseTaxonomy(DefaultTaxonomyFile, defaultTaxonomyYAML)
		if err != nil {
			return nil, err
		}
		raw.topics = append(base.topics, raw.topics...)
		raw.ignore = append(base.ignore, raw.ignore...)
	}
	return buildTaxonomy(raw)
}

func taxError(file string, line int, format string, args ...any) *graph.Error {
	return &graph.Error{Code: graph.EINVALID, File: file, Line: line, Message: fmt.Sprintf(format, args...)}
}

var yamlLinePattern = regexp.MustCompile(`line (\d+): `)

// yamlError turns a yaml.v3 syntax error into a *graph.Error with its line.
func yamlError(file string, err error) *graph.Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLinePattern.FindStringSubmatchIndex(msg); m != nil {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = msg[:m[0]] + msg[m[1]:]
	}
	return taxError(file, line, "invalid YAML: %s", msg)
}

func parseTaxonomy(file string, data []byte) (*rawTaxonomy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, taxError(file, 0, "the taxonomy is empty")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, taxError(file, root.Line, "the taxonomy must be a mapping with the key topics (and optionally extends and ignore)")
	}
	if err := duplicateKey(file, root); err != nil {
		return nil, err
	}
	raw := &rawTaxonomy{}
	var topicsNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "extends":
			if val.Kind != yaml.ScalarNode || val.Value != "default" {
				return nil, taxError(file, val.Line, `extends must be "default" (the only taxonomy a file can extend)`)
			}
			raw.extends = val.Value
		case "ignore":
			list, err := scalarList(file, "ignore", val)
			if err != nil {
				return nil, err
			}
			raw.ignore = list
		case "topics":
			topicsNode = val
		case "field":
			list, err := scalarList(file, "field", val)
			if err != nil {
				return nil, err
			}
			raw.field = list
		default:
			return nil, taxError(file, key.Line, "unknown key %q (want topics, ignore, field or extends)", key.Value)
		}
	}
	if topicsNode == nil {
		if raw.extends == "" {
			return nil, taxError(file, root.Line, "the taxonomy has no topics")
		}
		return raw, nil
	}
	if topicsNode.Kind != yaml.SequenceNode {
		return nil, taxError(file, topicsNode.Line, "topics must be a list")
	}
	if len(topicsNode.Content) == 0 && raw.extends == "" {
		return nil, taxError(file, topicsNode.Line, "the taxonomy has no topics")
	}
	for _, n := range topicsNode.Content {
		tp, err := parseTopic(file, n)
		if err != nil {
			return nil, err
		}
		raw.topics = append(raw.topics, tp)
	}
	return raw, nil
}

func parseTopic(file string, n *yaml.Node) (rawTopic, error) {
	tp := rawTopic{file: file, line: n.Line, lines: map[string]int{}}
	if n.Kind != yaml.MappingNode {
		return tp, taxError(file, n.Line, "a topic must be a mapping (slug, label, label_en, kind, aliases, broader, sections)")
	}
	if err := duplicateKey(file, n); err != nil {
		return tp, err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		tp.lines[key.Value] = val.Line
		var err error
		switch key.Value {
		case "slug":
			tp.slug, err = scalar(file, key.Value, val)
		case "label":
			tp.label, err = scalar(file, key.Value, val)
		case "label_en":
			tp.labelEn, err = scalar(file, key.Value, val)
		case "kind":
			tp.kind, err = scalar(file, key.Value, val)
		case "broader":
			tp.broader, err = scalar(file, key.Value, val)
		case "match_case":
			var s string
			if s, err = scalar(file, key.Value, val); err == nil {
				if tp.matchCase, err = strconv.ParseBool(s); err != nil {
					err = taxError(file, val.Line, "match_case must be true or false, not %q", s)
				}
			}
		case "aliases":
			tp.aliases, err = scalarList(file, key.Value, val)
		case "sections":
			tp.sections, err = scalarList(file, key.Value, val)
		default:
			err = taxError(file, key.Line, "unknown topic field %q (want slug, label, label_en, kind, aliases, broader, sections or match_case)", key.Value)
		}
		if err != nil {
			return tp, err
		}
	}
	return tp, nil
}

// duplicateKey reports a key given twice in a mapping (yaml.v3 only checks that when
// decoding into Go values, and this file walks its nodes).
func duplicateKey(file string, n *yaml.Node) error {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if first, dup := seen[k.Value]; dup {
			return taxError(file, k.Line, "duplicate key %q (first given on line %d)", k.Value, first)
		}
		seen[k.Value] = k.Line
	}
	return nil
}

func scalar(file, field string, n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", taxError(file, n.Line, "%s must be a single value", field)
	}
	return strings.TrimSpace(n.Value), nil
}

func scalarList(file, field string, n *yaml.Node) ([]rawString, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, taxError(file, n.Line, "%s must be a list", field)
	}
	out := make([]rawString, 0, len(n.Content))
	for _, c := range n.Content {
		s, err := scalar(file, field+" entry", c)
		if err != nil {
			return nil, err
		}
		out = append(out, rawString{s, file, c.Line})
	}
	return out, nil
}

// ─── validation ──────────────────────────────────────────────────────────────────────

// aliasOwner remembers who claimed a folded alias first, to report conflicts.
type aliasOwner struct {
	slug string // "" for an ignore form
	file string
	line int
}

func (o aliasOwner) String() string {
	what := "an ignore form"
	if o.slug != "" {
		what = "an alias of topic " + o.slug
	}
	return fmt.Sprintf("%s (%s:%d)", what, o.file, o.line)
}

// buildTaxonomy checks raw and compiles it: topics sorted by ID, aliases and ignore forms
// into one matcher, sections to their topics.
func buildTaxonomy(raw *rawTaxonomy) (*Taxonomy, error) {
	if err := checkTopics(raw.topics); err != nil {
		return nil, err
	}
	claims := aliasClaims{}
	b := newMatcherBuilder()
	t := &Taxonomy{byID: map[string]int{}, sections: map[string][]string{}}
	for _, f := range raw.field {
		t.field = append(t.field, normalizeAlias(f.text))
	}
	topics := make([]graph.Topic, 0, len(raw.topics))
	for _, tp := range raw.topics {
		topic, err := compileTopic(tp, claims, b)
		if err != nil {
			return nil, err
		}
		for _, code := range topic.Sections {
			t.sections[code] = append(t.sections[code], topic.ID)
		}
		topics = append(topics, topic)
	}
	for _, ig := range raw.ignore {
		text := normalizeAlias(ig.text)
		folded := foldForMatch(text)
		if folded == "" {
			return nil, taxError(ig.file, ig.line, "empty ignore form")
		}
		fresh, err := claims.claim(folded, aliasOwner{"", ig.file, ig.line}, ig.text)
		if err != nil {
			return nil, err
		}
		if fresh {
			b.add(text, "", false)
		}
	}
	slices.SortFunc(topics, func(a, b graph.Topic) int { return strings.Compare(a.ID, b.ID) })
	for i, tp := range topics {
		t.byID[tp.ID] = i
	}
	t.topics = topics
	t.m = b.build()
	return t, nil
}

// checkTopics checks each topic on its own (slug, kind, something to match, section codes)
// and then the broader relation (known, not itself, no cycles).
func checkTopics(topics []rawTopic) error {
	kinds := map[string]bool{}
	for _, k := range graph.TopicKinds {
		kinds[string(k)] = true
	}
	bySlug := map[string]int{}
	for i, tp := range topics {
		switch {
		case tp.slug == "":
			return taxError(tp.file, tp.line, "a topic needs a slug")
		case len(tp.slug) > maxTopicSlug || !topicSlugPattern.MatchString(tp.slug):
			return taxError(tp.file, tp.lines["slug"], "malformed slug %q: use lower-case letters, digits and single hyphens (at most %d characters)", tp.slug, maxTopicSlug)
		}
		if j, dup := bySlug[tp.slug]; dup {
			prev := topics[j]
			return taxError(tp.file, tp.lines["slug"], "duplicate slug %q (first defined at %s:%d)", tp.slug, prev.file, prev.line)
		}
		bySlug[tp.slug] = i
		switch {
		case tp.kind == "":
			return taxError(tp.file, tp.line, "topic %s needs a kind (one of %s)", tp.slug, kindList())
		case !kinds[tp.kind]:
			return taxError(tp.file, tp.lines["kind"], "topic %s has unknown kind %q (want one of %s)", tp.slug, tp.kind, kindList())
		}
		if tp.label == "" && len(tp.aliases) == 0 {
			return taxError(tp.file, tp.line, "topic %s has neither a label nor aliases: nothing could match it", tp.slug)
		}
		for _, s := range tp.sections {
			if !topicSectionPattern.MatchString(s.text) {
				return taxError(tp.file, s.line, "topic %s: malformed section code %q (want a chapter and numbers such as III-5 or IV-1-2, or OTHER)", tp.slug, s.text)
			}
		}
	}
	for _, tp := range topics {
		if tp.broader == "" {
			continue
		}
		if tp.broader == tp.slug {
			return taxError(tp.file, tp.lines["broader"], "topic %s is its own broader topic", tp.slug)
		}
		if _, ok := bySlug[tp.broader]; !ok {
			return taxError(tp.file, tp.lines["broader"], "topic %s has unknown broader topic %q", tp.slug, tp.broader)
		}
	}
	return checkBroaderCycles(topics, bySlug)
}

// aliasClaims are the folded aliases and ignore forms claimed so far: no two owners may
// share one.
type aliasClaims map[string]aliasOwner

// claim reports whether folded is new; listing a form twice for the same owner (a topic
// whose label is also among its aliases) is harmless.
func (c aliasClaims) claim(folded string, o aliasOwner, shown string) (bool, error) {
	prev, ok := c[folded]
	switch {
	case !ok:
		c[folded] = o
		return true, nil
	case prev.slug == o.slug:
		return false, nil
	}
	who := "the ignore form"
	if o.slug != "" {
		who = "topic " + o.slug + "'s alias"
	}
	return false, taxError(o.file, o.line, "%s %q is already %s", who, shown, prev)
}

// compileTopic makes the graph.Topic of tp, its label and aliases claimed and added to b.
func compileTopic(tp rawTopic, claims aliasClaims, b *matcherBuilder) (graph.Topic, error) {
	id := graph.TopicID(tp.slug)
	topic := graph.Topic{ID: id, Slug: tp.slug, Label: tp.label, LabelEn: tp.labelEn, Kind: graph.TopicKind(tp.kind)}
	if tp.broader != "" {
		topic.Broader = graph.TopicID(tp.broader)
	}
	forms := tp.aliases
	if tp.label != "" {
		forms = append([]rawString{{tp.label, tp.file, tp.lines["label"]}}, forms...)
	}
	if topic.Label == "" {
		topic.Label = normalizeAlias(forms[0].text)
	}
	for _, f := range forms {
		text := normalizeAlias(f.text)
		folded := foldForMatch(text)
		if folded == "" {
			return topic, taxError(tp.file, f.line, "topic %s has an empty alias", tp.slug)
		}
		fresh, err := claims.claim(folded, aliasOwner{tp.slug, tp.file, f.line}, f.text)
		if err != nil {
			return topic, err
		}
		if fresh {
			topic.Aliases = append(topic.Aliases, text)
			b.add(text, id, tp.matchCase)
		}
	}
	for _, s := range tp.sections {
		if !slices.Contains(topic.Sections, s.text) {
			topic.Sections = append(topic.Sections, s.text)
		}
	}
	return topic, nil
}

// checkBroaderCycles reports the first cycle in the broader relation, in file order,
// naming every topic on it: "a → b → c → a".
func checkBroaderCycles(topics []rawTopic, bySlug map[string]int) error {
	const (
		unvisited = iota
		onPath
		done
	)
	state := make([]int, len(topics))
	for start := range topics {
		if state[start] != unvisited {
			continue
		}
		var path []int
		for i := start; ; {
			if state[i] == done {
				break
			}
			if state[i] == onPath {
				from := slices.Index(path, i)
				names := make([]string, 0, len(path)-from+1)
				for _, j := range path[from:] {
					names = append(names, topics[j].slug)
				}
				names = append(names, topics[i].slug)
				first := topics[path[from]]
				return taxError(first.file, first.lines["broader"], "broader topics form a cycle: %s", strings.Join(names, " → "))
			}
			state[i] = onPath
			path = append(path, i)
			next, ok := bySlug[topics[i].broader]
			if topics[i].broader == "" || !ok {
				break
			}
			i = next
		}
		for _, j := range path {
			state[j] = done
		}
	}
	return nil
}

func kindList() string {
	s := make([]string, len(graph.TopicKinds))
	for i, k := range graph.TopicKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// normalizeAlias is the form an alias is stored in (graph.Topic.Aliases): NFKC, trimmed,
// inner whitespace collapsed to one space.
func normalizeAlias(s string) string {
	return strings.Join(strings.Fields(norm.NFKC.String(s)), " ")
}
