package export

import (
	"bytes"
	"encoding/xml"
)

// xmlBuf builds an XML document by hand, so that element and attribute order, indentation
// and namespaces are exactly those written (encoding/xml's marshaller does not handle
// prefixed namespace attributes well). Every text and attribute value goes through
// xml.EscapeText: & < > " ' are escaped, and characters XML cannot carry become U+FFFD.
type xmlBuf struct{ bytes.Buffer }

// open writes <name a1="v1" …> (or <name …/> when empty), indented by depth. attrs
// alternate names and values.
func (b *xmlBuf) open(depth int, name string, empty bool, attrs ...string) {
	b.indent(depth)
	b.WriteByte('<')
	b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		b.WriteByte(' ')
		b.WriteString(attrs[i])
		b.WriteString(`="`)
		b.text(attrs[i+1])
		b.WriteByte('"')
	}
	if empty {
		b.WriteString("/>\n")
	} else {
		b.WriteString(">\n")
	}
}

// close writes </name>, indented by depth.
func (b *xmlBuf) close(depth int, name string) {
	b.indent(depth)
	b.WriteString("</")
	b.WriteString(name)
	b.WriteString(">\n")
}

// element writes <name attrs…>text</name> on one line.
func (b *xmlBuf) element(depth int, name, text string, attrs ...string) {
	b.indent(depth)
	b.WriteByte('<')
	b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		b.WriteByte(' ')
		b.WriteString(attrs[i])
		b.WriteString(`="`)
		b.text(attrs[i+1])
		b.WriteByte('"')
	}
	b.WriteByte('>')
	b.text(text)
	b.WriteString("</")
	b.WriteString(name)
	b.WriteString(">\n")
}

func (b *xmlBuf) text(s string) { xml.EscapeText(b, []byte(s)) }

func (b *xmlBuf) indent(depth int) {
	for range depth {
		b.WriteString("  ")
	}
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
