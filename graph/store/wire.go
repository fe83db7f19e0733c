package store

import (
	"errors"
	"math"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"google.golang.org/protobuf/encoding/protowire"
)

// A start-up unmarshals every entry of the log: a Cayley proto Primitive, and for a node
// the pquads Value inside it. Through proto.Unmarshal (reflection, and a message of
// interfaces per value) that was a third of the CPU of reading a 100,000-comment store
// back; read field by field here with protowire, as the messages are defined in
// cayley/graph/proto/primitive.proto and quad/pquads/quads.proto. Fields these readers
// do not use are skipped, as proto.Unmarshal skips unknown ones; a value of a form
// Cayley does not write (a raw, language-tagged or time value, a field given twice) is
// left to pquads.UnmarshalValue. FuzzPrimitive and FuzzValue hold both to the proto
// package's answers.

// primitive is what a scan needs of a log entry.
type primitive struct {
	id, subject, predicate, object, label uint64
	value                                 []byte // a node's pquads Value; empty for a quad
	deleted                               bool
}

// isNode reports whether the entry is a node (a value), as cproto.Primitive.IsNode.
func (p *primitive) isNode() bool { return len(p.value) != 0 }

var errWire = errors.New("malformed protobuf")

// unmarshal reads b into p (all fields reset first). p.value points into b.
func (p *primitive) unmarshal(b []byte) error {
	*p = primitive{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 || !num.IsValid() {
			return errWire
		}
		b = b[n:]
		var v uint64
		switch {
		case typ == protowire.VarintType && (num >= 1 && num <= 7 || num == 9):
			v, n = protowire.ConsumeVarint(b)
		case typ == protowire.BytesType && num == 8:
			p.value, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return errWire
		}
		b = b[n:]
		if typ != protowire.VarintType {
			continue
		}
		switch num {
		case 1:
			p.id = v
		case 2:
			p.subject = v
		case 3:
			p.predicate = v
		case 4:
			p.object = v
		case 5:
			p.label = v
		case 9:
			p.deleted = v != 0
		}
	}
	return nil
}

// unmarshalValue decodes a pquads Value as pquads.UnmarshalValue does, but returns an
// error where that panics (a Value with none of its fields set).
func unmarshalValue(b []byte) (v quad.Value, err error) {
	if v, ok := wireValue(b); ok {
		return v, nil
	}
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, errWire
		}
	}()
	return pquads.UnmarshalValue(b)
}

// wireValue decodes the forms of Value Cayley writes: exactly one field, a string, an
// IRI, a blank node, a typed string, an integer, a float or a boolean. ok is false for
// anything else, to be decoded by the proto package.
func wireValue(b []byte) (v quad.Value, ok bool) {
	num, typ, n := protowire.ConsumeTag(b)
	if n < 0 || !num.IsValid() {
		return nil, false
	}
	b = b[n:]
	switch {
	case typ == protowire.BytesType && num >= 2 && num <= 5:
		f, n := protowire.ConsumeBytes(b)
		if n != len(b) {
			return nil, false // malformed, or a second field
		}
		switch num {
		case 2:
			s, ok := utf8String(f)
			return quad.String(s), ok
		case 3:
			s, ok := utf8String(f)
			return quad.IRI(s), ok
		case 4:
			s, ok := utf8String(f)
			return quad.BNode(s), ok
		}
		val, typ, ok := typedString(f)
		return quad.TypedString{Value: quad.String(val), Type: quad.IRI(typ)}, ok
	case typ == protowire.VarintType && (num == 7 || num == 9):
		x, n := protowire.ConsumeVarint(b)
		if n != len(b) {
			return nil, false
		}
		if num == 7 {
			return quad.Int(int64(x)), true
		}
		return quad.Bool(x != 0), true
	case typ == protowire.Fixed64Type && num == 8:
		x, n := protowire.ConsumeFixed64(b)
		if n != len(b) {
			return nil, false
		}
		return quad.Float(math.Float64frombits(x)), true
	}
	return nil, false
}

// typedString reads a Value.TypedString: value (1) then type (2), each at most once.
func typedString(b []byte) (val, typ string, ok bool) {
	var seen [3]bool
	for len(b) > 0 {
		num, wt, n := protowire.ConsumeTag(b)
		if n < 0 || !num.IsValid() || wt != protowire.BytesType || (num != 1 && num != 2) || seen[num] {
			return "", "", false
		}
		seen[num] = true
		b = b[n:]
		f, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return "", "", false
		}
		b = b[n:]
		s, ok := utf8String(f)
		if !ok {
			return "", "", false
		}
		if num == 1 {
			val = s
		} else {
			typ = s
		}
	}
	return val, typ, true
}

// utf8String copies b out of the store's pages; proto3 strings must be valid UTF-8.
func utf8String(b []byte) (string, bool) {
	if !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}
