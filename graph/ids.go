package graph

import (
	"strconv"
	"strings"
)

// IDs are readable and stable so that a notebook can hard-code them; the GraphQL id is
// the same string. These helpers are the only place that spells them.

func ConsultationID(slug string) string        { return "consultation/" + slug }
func CommentID(slug string, number int) string { return "comment/" + slug + "/" + strconv.Itoa(number) }
func ResponseID(slug string, number int) string {
	return "response/" + slug + "/" + strconv.Itoa(number)
}
func SubmitterID(slug, label string) string   { return "submitter/" + slug + "/" + label }
func OrganizationID(name string) string       { return "organization/" + name }
func SectionID(slug, code string) string      { return "section/" + slug + "/" + code }
func TopicID(slug string) string              { return "topic/" + slug }
func DispositionID(d Disposition) string      { return "disposition/" + string(d) }
func PageID(slug string, page int) string     { return "page/" + slug + "/" + strconv.Itoa(page) }
func ResponseTextID(slug, hash string) string { return "responsetext/" + slug + "/" + hash }

// Kind returns the kind of node an ID names: the part before the first slash
// ("comment", "topic", …), or "" when the ID has none.
func Kind(id string) string {
	k, _, ok := strings.Cut(id, "/")
	if !ok {
		return ""
	}
	return k
}
