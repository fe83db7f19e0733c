package server_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// describeQuery asks introspection for every description a client can show: the
// schema's, every type's, field's, argument's, input field's and enum value's.
const describeQuery = `{ __schema {
  description
  types {
    kind name description
    fields(includeDeprecated: true) { name description args { name description } }
    inputFields { name description }
    enumValues(includeDeprecated: true) { name description }
  }
} }`

// TestSchemaFullyDocumented: the README promises that every type and field is documented
// in GraphiQL's docs pane and in clients' generated types. Introspection (what clients
// read, not the SDL files) must give a description for the schema itself and for every
// type, field, argument, input field and enum value of pcgraph's own (built-in
// introspection types, whose names start with __, are gqlgen's).
func TestSchemaFullyDocumented(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	r := post(t, ts, describeQuery, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("introspection: %s", errorMessages(r))
	}
	type described struct {
		Name        string `json:"name"`
		Description *string
	}
	var data struct {
		Schema struct {
			Description *string
			Types       []struct {
				Kind        string
				Name        string
				Description *string
				Fields      []struct {
					described
					Args []described
				}
				InputFields []described
				EnumValues  []described
			}
		} `json:"__schema"`
	}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatal(err)
	}
	var missing []string
	check := func(what string, d *string) {
		if d == nil || strings.TrimSpace(*d) == "" {
			missing = append(missing, what)
		}
	}
	check("the schema", data.Schema.Description)
	types := 0
	for _, ty := range data.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") {
			continue
		}
		types++
		check(strings.ToLower(ty.Kind)+" "+ty.Name, ty.Description)
		for _, f := range ty.Fields {
			check("field "+ty.Name+"."+f.Name, f.Description)
			for _, a := range f.Args {
				check("argument "+ty.Name+"."+f.Name+"("+a.Name+")", a.Description)
			}
		}
		for _, f := range ty.InputFields {
			check("input field "+ty.Name+"."+f.Name, f.Description)
		}
		for _, v := range ty.EnumValues {
			check("enum value "+ty.Name+"."+v.Name, v.Description)
		}
	}
	if types < 30 {
		t.Fatalf("introspection lists %d types: the test checks too little", types)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d descriptions are missing (write them in schema/*.graphqls, then go generate ./server):\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
}
