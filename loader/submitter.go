package loader

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/orgname"
	"golang.org/x/text/unicode/norm"
)

// Result tables anonymise submitters with per-consultation labels: 法人F(name) for an
// organization (the name is published, the letter is not stable across consultations),
// 個人F for an individual, and 個人(多数) for many individuals summarised in one row.
// The patterns run on the NFKC form, so full-width letters and parentheses are the same.
var (
	// 法人F(セキュアIoTプラットフォーム協議会); 団体 is used by some ministries for the same.
	orgPattern = regexp.MustCompile(`^((?:法人|団体)\s*[A-Za-z0-9]*)\s*\((.*)\)$`)
	// 法人F with no name given.
	orgLabelPattern = regexp.MustCompile(`^(?:法人|団体)\s*[A-Za-z0-9]+$`)
	// 個人F, 個人12; 個人 alone in tables that do not letter individuals.
	individualPattern = regexp.MustCompile(`^個人\s*[A-Za-z0-9]*$`)
	// 個人(多数), 個人(3名)
	groupPattern = regexp.MustCompile(`^個人\s*\(([^()]+)\)$`)
)

// ParseSubmitter reads an 意見提出者 cell of consultation slug.
//
//	法人F(セキュアIoTプラットフォーム協議会) → ORGANIZATION, label 法人F, name and Organization
//	法人F                                  → ORGANIZATION without a name (no Organization)
//	個人F                                  → INDIVIDUAL
//	個人                                   → INDIVIDUAL labelled 個人 (tables that do not
//	                                          letter individuals; every such row shares the
//	                                          label, so callers wanting one node per row
//	                                          must tell them apart, e.g. by 項番)
//	個人(多数)                             → GROUP
//
// Full-width letters and parentheses are accepted. The organization is identified by its
// name's key (graph/orgname: width, spaces and the 法人格 do not count), so that the
// same body is one node across consultations; the load then applies the curated
// aliases (applyOrgAliases). A bare name without a 法人/個人 label is rejected rather than guessed:
// it could be a person's name, and making a person into a global Organization node would
// both mislabel and publish them.
func ParseSubmitter(slug, cell string) (graph.Submitter, *graph.Organization, error) {
	s := strings.TrimSpace(collapseSpaces(norm.NFKC.String(cell)))
	sub := graph.Submitter{Consultation: graph.ConsultationID(slug), Raw: cell}
	var org *graph.Organization
	switch {
	case orgPattern.MatchString(s):
		m := orgPattern.FindStringSubmatch(s)
		name := OrganizationName(m[2])
		if name == "" {
			return graph.Submitter{}, nil, graph.Errorf(graph.EINVALID, "submitter %q: empty organization name in parentheses", cell)
		}
		sub.Label, sub.Kind = squeezeLabel(m[1]), graph.KindOrganization
		if sub.Label == "法人" || sub.Label == "団体" {
			// No letter: the name is what tells organizations apart.
			sub.Label += "(" + name + ")"
		}
		sub.Name = name
		org = &graph.Organization{ID: graph.OrganizationID(orgname.Key(name)), Name: name}
		sub.Organization = org.ID
	case orgLabelPattern.MatchString(s):
		sub.Label, sub.Kind = squeezeLabel(s), graph.KindOrganization
	case individualPattern.MatchString(s):
		sub.Label, sub.Kind = squeezeLabel(s), graph.KindIndividual
	case groupPattern.MatchString(s):
		m := groupPattern.FindStringSubmatch(s)
		sub.Label, sub.Kind = "個人("+strings.TrimSpace(m[1])+")", graph.KindGroup
	default:
		return graph.Submitter{}, nil, graph.Errorf(graph.EINVALID,
			"submitter %q is not one of 法人X(name) for an organization, 個人X for an individual or 個人(多数) for many individuals", clip(strings.TrimSpace(cell), 40))
	}
	sub.ID = graph.SubmitterID(slug, sub.Label)
	return sub, org, nil
}

// OrganizationName is how a submitter's organization name is kept, one spelling of it:
// NFKC, trimmed, inner whitespace collapsed to one space. Its identity across
// consultations is orgname.Key of it.
func OrganizationName(name string) string {
	return strings.Join(strings.Fields(norm.NFKC.String(name)), " ")
}

// squeezeLabel removes spaces inside a label (法人 F → 法人F): labels are IDs.
func squeezeLabel(s string) string { return strings.Join(strings.Fields(s), "") }

// orgNamePattern recognises an organization's name written bare, without a 法人X label:
// a legal form (株式会社, 一般社団法人, (株), ㈱ …) anywhere, or a word that ends the
// names of bodies (協会, 協議会, 連合会, 組合, 大学, 県, 市 …), or an English company form.
var orgNamePattern = regexp.MustCompile(`株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|\(有\)|\(一社\)|\(一財\)|\(公社\)|\(公財\)|\(特非\)|法人|` +
	`(協会|協議会|連合会|連盟|組合|団体|財団|機構|学会|研究所|研究会|委員会|事務所|会議所|大学|学校|病院|銀行|センター|フォーラム|コンソーシアム|省|庁|都|道|府|県|市|区|町|村|会|社|部|課)$|` +
	`(?i)\b(inc|corp|corporation|ltd|llc|co|association|council|foundation|institute|university|group)\b\.?`)

// ReadSubmitter reads a row's submitter from its 意見提出者 cell and its 提出者属性 cell
// (either may be empty; a table may have neither). It returns nil when neither says
// anything: the table does not publish who wrote the comment. Beyond ParseSubmitter's
// labelled forms it reads what other ministries publish: a bare name (an organization
// when it is written like one, see orgNamePattern, or when the attribute says 団体 /
// 法人 / 企業; else an individual labelled with the name as published), and an attribute
// alone (個人 or 団体: one submitter per kind stands for all the rows of that kind, since
// the table does not tell them apart). note explains a reading that was a guess.
func ReadSubmitter(slug, cell, kind string) (sub *graph.Submitter, org *graph.Organization, note string) {
	name := strings.TrimSpace(collapseSpaces(norm.NFKC.String(cell)))
	k := strings.TrimSpace(collapseSpaces(norm.NFKC.String(kind)))
	kindOf := func(k string) graph.SubmitterKind {
		switch {
		case strings.Contains(k, "個人"):
			return graph.KindIndividual
		case k != "":
			return graph.KindOrganization
		}
		return ""
	}
	if name == "" || isAllDashes(name) || name == "非公開" || name == "匿名" {
		if k == "" {
			return nil, nil, ""
		}
		s := graph.Submitter{Consultation: graph.ConsultationID(slug), Label: squeezeLabel(k), Kind: kindOf(k), Raw: kind}
		s.ID = graph.SubmitterID(slug, s.Label)
		return &s, nil, ""
	}
	if s, o, err := ParseSubmitter(slug, cell); err == nil {
		return &s, o, ""
	}
	s := graph.Submitter{Consultation: graph.ConsultationID(slug), Label: name, Name: name, Raw: cell}
	switch {
	case kindOf(k) == graph.KindIndividual:
		s.Kind, s.Name = graph.KindIndividual, ""
	case kindOf(k) == graph.KindOrganization || orgNamePattern.MatchString(name):
		on := OrganizationName(name)
		s.Kind, s.Name = graph.KindOrganization, on
		org = &graph.Organization{ID: graph.OrganizationID(orgname.Key(on)), Name: on}
		s.Organization = org.ID
	default:
		s.Kind, s.Name = graph.KindIndividual, ""
		note = fmt.Sprintf("submitter %q has no 法人/個人 label and is not written like an organization's name: read as an individual", clip(name, 40))
	}
	s.ID = graph.SubmitterID(slug, s.Label)
	return &s, org, note
}
