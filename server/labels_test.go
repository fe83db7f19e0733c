package server_test

import (
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/server"
)

// TestEveryEnumValueHasALabel introspects the served schema: every value of every enum
// of the API has a Japanese label in graph.Labels, enumLabels lists exactly the schema's
// values in its order with those labels, and the table names no value the schema lacks.
func TestEveryEnumValueHasALabel(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	var schema struct {
		Schema struct {
			Types []struct {
				Kind, Name string
				EnumValues []struct{ Name string }
			}
		} `json:"__schema"`
	}
	query(t, ts, `{ __schema { types { kind name enumValues { name } } } }`, nil, &schema)
	enums := map[string]bool{}
	for _, ty := range schema.Schema.Types {
		if ty.Kind != "ENUM" || strings.HasPrefix(ty.Name, "__") {
			continue
		}
		enums[ty.Name] = true
		var listed struct {
			EnumLabels []struct{ Value, Label, Description string }
		}
		query(t, ts, `query($e: String!) { enumLabels(enum: $e) { value label description } }`, map[string]any{"e": ty.Name}, &listed)
		if len(listed.EnumLabels) != len(ty.EnumValues) {
			t.Errorf("enumLabels(%s) lists %d values; the schema has %d", ty.Name, len(listed.EnumLabels), len(ty.EnumValues))
			continue
		}
		for i, v := range ty.EnumValues {
			label, ok := graph.Labels[ty.Name][v.Name]
			switch {
			case !ok || label == "":
				t.Errorf("%s.%s has no Japanese label in graph.Labels (graph/types.go)", ty.Name, v.Name)
			case listed.EnumLabels[i].Value != v.Name || listed.EnumLabels[i].Label != label || listed.EnumLabels[i].Description == "":
				t.Errorf("enumLabels(%s)[%d] = %+v; want %s %s and its description", ty.Name, i, listed.EnumLabels[i], v.Name, label)
			}
		}
		for value := range graph.Labels[ty.Name] {
			found := false
			for _, v := range ty.EnumValues {
				found = found || v.Name == value
			}
			if !found {
				t.Errorf("graph.Labels has %s.%s, which the schema does not", ty.Name, value)
			}
		}
	}
	for name := range graph.Labels {
		if !enums[name] {
			t.Errorf("graph.Labels has labels for %s, which is not an enum of the schema", name)
		}
	}
	r := post(t, ts, `{ enumLabels(enum: "Nope") { value } }`, nil)
	if msg := errorMessages(r); !strings.Contains(msg, `unknown enum "Nope"`) || !strings.Contains(msg, "Disposition") {
		t.Errorf("enumLabels of an unknown enum: %q", msg)
	}
}

// TestStatKeysCarryJapaneseLabels: commentStats keys of enum dimensions are labelled
// with the table's labels, the value staying the enum value.
func TestStatKeysCarryJapaneseLabels(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	var out struct {
		CommentStats []struct {
			Keys []struct{ Dimension, Value, Label string }
		}
	}
	query(t, ts, `{ commentStats(groupBy: [DISPOSITION, SUBMITTER_KIND]) { keys { dimension value label } } }`, nil, &out)
	seen := map[string]bool{}
	for _, b := range out.CommentStats {
		for _, k := range b.Keys {
			enum := map[string]string{"DISPOSITION": "Disposition", "SUBMITTER_KIND": "SubmitterKind"}[k.Dimension]
			if k.Value == "" {
				continue
			}
			if want := graph.Labels[enum][k.Value]; k.Label != want || want == "" {
				t.Errorf("%s key %s labelled %q, want %q", k.Dimension, k.Value, k.Label, want)
			}
			seen[k.Value] = true
		}
	}
	if !seen["FUTURE_WORK"] || !seen["ORGANIZATION"] {
		t.Errorf("the bundled data gives no FUTURE_WORK or ORGANIZATION key: %v", seen)
	}
}
