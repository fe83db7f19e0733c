package resolvers

import (
	"sort"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/server/graphqlapi"
)

// schema is the API's own schema: the source of every enum's values and their order.
var schema = sync.OnceValue(func() *ast.Schema {
	return graphqlapi.NewExecutableSchema(graphqlapi.Config{}).Schema()
})

// enumLabels lists the values of the schema's enum named enum, in the schema's order,
// with the labels of graph.Labels, so that a client reads one list (names from the
// schema, labels from Go) instead of keeping a copy.
func enumLabels(enum string) ([]*graphqlapi.EnumLabel, error) {
	def := schema().Types[enum]
	if def == nil || def.Kind != ast.Enum || def.BuiltIn {
		return nil, graph.Errorf(graph.EINVALID, "unknown enum %q (want one of %s)", enum, strings.Join(enumNames(), ", "))
	}
	out := make([]*graphqlapi.EnumLabel, len(def.EnumValues))
	for i, v := range def.EnumValues {
		out[i] = &graphqlapi.EnumLabel{Value: v.Name, Label: graph.Label(enum, v.Name), Description: v.Description}
	}
	return out, nil
}

// enumNames lists the schema's own enums, sorted.
func enumNames() []string {
	var names []string
	for name, def := range schema().Types {
		if def.Kind == ast.Enum && !def.BuiltIn && !strings.HasPrefix(name, "__") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}
