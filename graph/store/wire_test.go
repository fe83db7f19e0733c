package store

import (
	"math"
	"reflect"
	"testing"
	"time"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"google.golang.org/protobuf/proto"
)

// wireValues are values of every kind pquads encodes, the ones Cayley writes and the
// ones left to the proto package.
var wireValues = []quad.Value{
	quad.String(""), quad.String("御意見の詳細"), quad.IRI("pcgraph:vocab/text"), quad.IRI("comment/x/49"),
	quad.BNode("b1"), quad.TypedString{Value: "2024-02-16", Type: "xsd:date"}, quad.TypedString{},
	quad.Int(0), quad.Int(-1), quad.Int(math.MaxInt64), quad.Float(2.5), quad.Float(math.Inf(-1)),
	quad.Bool(true), quad.Bool(false), quad.LangString{Value: "意見", Lang: "ja"},
	quad.Time(time.Date(2024, 2, 16, 0, 0, 0, 5, time.UTC)),
}

func TestWireValue(t *testing.T) {
	for _, v := range wireValues {
		b, err := pquads.MarshalValue(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := unmarshalValue(b)
		if err != nil || !reflect.DeepEqual(got, v) {
			t.Errorf("unmarshalValue(%#v encoded) = %#v, %v", v, got, err)
		}
	}
}

func TestWirePrimitive(t *testing.T) {
	for _, p := range []*cproto.Primitive{
		{ID: 1, Value: []byte{0x1a, 1, 'x'}, Timestamp: 99},
		{ID: 1 << 40, Subject: 2, Predicate: 3, Object: 4, Label: 5, Replaces: 6, Deleted: true},
		{},
	} {
		b, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var got primitive
		if err := got.unmarshal(b); err != nil || !samePrimitive(&got, p) {
			t.Errorf("unmarshal(%v encoded) = %+v, %v", p, got, err)
		}
	}
}

func samePrimitive(got *primitive, want *cproto.Primitive) bool {
	return got.id == want.ID && got.subject == want.Subject && got.predicate == want.Predicate &&
		got.object == want.Object && got.label == want.Label && got.deleted == want.Deleted &&
		string(got.value) == string(want.Value) && got.isNode() == want.IsNode()
}

// FuzzPrimitive: on any bytes, primitive.unmarshal succeeds exactly when proto.Unmarshal
// of a cproto.Primitive does, with the same fields.
func FuzzPrimitive(f *testing.F) {
	for _, p := range []*cproto.Primitive{{ID: 7, Value: []byte{0x12, 2, 'a', 'b'}}, {ID: 9, Subject: 1, Predicate: 2, Object: 3, Label: 4, Deleted: true}} {
		b, _ := proto.Marshal(p)
		f.Add(b)
	}
	f.Add([]byte{0x08, 0x80})             // a truncated varint
	f.Add([]byte{0x0a, 0x01, 0x00})       // ID as bytes: an unknown field
	f.Add([]byte{0x4a, 0x01, 0x01, 0x48}) // Deleted as bytes, then cut short
	f.Fuzz(func(t *testing.T, b []byte) {
		var want cproto.Primitive
		werr := proto.Unmarshal(b, &want)
		var got primitive
		gerr := got.unmarshal(b)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%x: proto says %v, unmarshal says %v", b, werr, gerr)
		}
		if werr == nil && !samePrimitive(&got, &want) {
			t.Fatalf("%x: proto reads %v, unmarshal %+v", b, &want, got)
		}
	})
}

// FuzzValue: on any bytes, unmarshalValue gives what pquads.UnmarshalValue gives.
func FuzzValue(f *testing.F) {
	for _, v := range wireValues {
		b, _ := pquads.MarshalValue(v)
		f.Add(b)
	}
	f.Add([]byte{0x12, 0x01, 0xff})              // a string that is not UTF-8
	f.Add([]byte{0x12, 0x01, 'a', 0x1a, 1, 'b'}) // two fields: the last wins
	f.Fuzz(func(t *testing.T, b []byte) {
		want, werr := func() (v quad.Value, err error) {
			defer func() {
				if r := recover(); r != nil {
					v, err = nil, errWire
				}
			}()
			return pquads.UnmarshalValue(b)
		}()
		got, gerr := unmarshalValue(b)
		if (werr == nil) != (gerr == nil) || !sameValue(got, want) {
			t.Fatalf("%x: pquads reads %#v (%v), unmarshalValue %#v (%v)", b, want, werr, got, gerr)
		}
	})
}

// sameValue is reflect.DeepEqual, but a float is compared by its bits (NaN included).
func sameValue(a, b quad.Value) bool {
	if fa, ok := a.(quad.Float); ok {
		fb, ok := b.(quad.Float)
		return ok && math.Float64bits(float64(fa)) == math.Float64bits(float64(fb))
	}
	return reflect.DeepEqual(a, b)
}
