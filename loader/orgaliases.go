package loader

import (
	_ "embed"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/orgname"
)

// The curated organization aliases (organizations.yaml beside this file is the default
// and documents the format): spellings the rules of graph/orgname cannot join.

//go:embed organizations.yaml
var defaultOrgAliasesYAML []byte

// DefaultOrgAliasesFile is the name errors give the embedded alias file.
const DefaultOrgAliasesFile = "organizations.yaml (default)"

// OrgAliases maps the key (orgname.Key) of every listed spelling to the organization's
// name.
type OrgAliases struct {
	names map[string]string
}

var defaultOrgAliases = func() *OrgAliases {
	a, err := readOrgAliases(DefaultOrgAliasesFile, defaultOrgAliasesYAML, nil)
	if err != nil {
		panic("loader: the embedded organization aliases are broken: " + err.Error())
	}
	return a
}()

// DefaultOrgAliases returns the embedded alias file.
func DefaultOrgAliases() *OrgAliases { return defaultOrgAliases }

type rawOrgAliases struct {
	Extends       string `yaml:"extends"`
	Organizations []struct {
		Name    string   `yaml:"name"`
		Aliases []string `yaml:"aliases"`
	} `yaml:"organizations"`
}

// ReadOrgAliases parses an alias file. file names it in errors, which are *graph.Error
// with code EINVALID.
func ReadOrgAliases(file string, data []byte) (*OrgAliases, error) {
	return readOrgAliases(file, data, defaultOrgAliases)
}

// readOrgAliases reads an alias file that may extend base.
func readOrgAliases(file string, data []byte, base *OrgAliases) (*OrgAliases, error) {
	var raw rawOrgAliases
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, yamlError(file, err)
	}
	a := &OrgAliases{names: map[string]string{}}
	switch raw.Extends {
	case "":
	case "default":
		if base == nil {
			return nil, taxError(file, 0, "the default alias file cannot extend itself")
		}
		for k, v := range base.names {
			a.names[k] = v
		}
	default:
		return nil, taxError(file, 0, "extends: %q (only \"default\" can be extended)", raw.Extends)
	}
	owner := map[string]string{} // key → the entry of this file that lists it
	for _, o := range raw.Organizations {
		name := OrganizationName(o.Name)
		if name == "" {
			return nil, taxError(file, 0, "an organization without a name")
		}
		for _, s := range append([]string{o.Name}, o.Aliases...) {
			k := orgname.Key(s)
			if k == "" {
				continue
			}
			if prev, dup := owner[k]; dup && prev != name {
				return nil, taxError(file, 0, "%q is listed under %q and %q", s, prev, name)
			}
			owner[k] = name
			a.names[k] = name
		}
	}
	return a, nil
}

// organization returns the organization a name written in a table stands for: its ID
// (organization/<key>) and the name to show, the alias file's when it lists the name.
func (a *OrgAliases) organization(name string) graph.Organization {
	k := orgname.Key(name)
	if canon, ok := a.names[k]; ok {
		return graph.Organization{ID: graph.OrganizationID(orgname.Key(canon)), Name: canon}
	}
	return graph.Organization{ID: graph.OrganizationID(k), Name: name}
}

// applyOrgAliases makes every organization of d the one its name stands for (rules and
// alias file), re-pointing its submitters. Two spellings in one table that stand for
// one organization become one, named as the first submitter (by label) writes it.
func applyOrgAliases(d *graph.Dataset, a *OrgAliases) {
	if a == nil {
		a = defaultOrgAliases
	}
	byID := map[string]graph.Organization{}
	for i := range d.Submitters {
		s := &d.Submitters[i]
		if s.Organization == "" || s.Name == "" {
			continue
		}
		o := a.organization(s.Name)
		if _, seen := byID[o.ID]; !seen {
			byID[o.ID] = o
		}
		s.Organization = o.ID
	}
	d.Organizations = sortedValues(byID)
}
