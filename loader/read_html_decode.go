package loader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// metaScanBytes is how far into a page decodeHTML looks for a declared encoding. Browsers
// look at 1024 bytes; ministry pages sometimes put long scripts or comments first, and
// the scan stops at <body> or the first <table> anyway.
const metaScanBytes = 64 << 10

// decodeHTML turns a page's bytes into UTF-8 text with LF line ends, so that line numbers
// can be counted on the text. The encoding is, in order: a byte order mark; the page's
// own declaration (<meta charset>, <meta http-equiv="Content-Type">, <?xml encoding>);
// UTF-8 when the bytes are valid UTF-8; Shift_JIS when they decode cleanly into Japanese.
// A declaration the bytes contradict (a page saved as UTF-8 that still says Shift_JIS) is
// overridden by what the bytes are, rather than loading mojibake.
func decodeHTML(file string, data []byte) (string, error) {
	fail := func(line int, format string, args ...any) (string, error) {
		return "", &graph.Error{Code: graph.EINVALID, File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	var text string
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		data = data[3:]
		if off := firstInvalidUTF8(data); off >= 0 {
			return fail(htmlLineAt(data, off), "the page starts with a UTF-8 byte order mark but byte 0x%02x is not UTF-8: save it again as UTF-8", data[off])
		}
		text = string(data)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		s, line, ok := decodeUTF16(data)
		if !ok {
			return fail(line, "the page starts with a UTF-16 byte order mark but is not valid UTF-16 from here: save it again as UTF-8")
		}
		text = s
	default:
		declared := declaredCharset(data)
		if s, ok := decodeAs(declared, data); ok {
			text = s
			break
		}
		if utf8.Valid(data) {
			text = string(data)
			break
		}
		if s, ok := decodeAs("shift_jis", data); ok && hasJapanese(s) {
			text = s
			break
		}
		off := firstInvalidUTF8(data)
		if declared != "" {
			return fail(htmlLineAt(data, off), "undecodable text: the page declares the encoding %s, but it is not valid %s, UTF-8 or Shift_JIS (byte 0x%02x): save it in the encoding its <meta charset> names", declared, declared, data[off])
		}
		return fail(htmlLineAt(data, off), "undecodable text: the page is neither UTF-8 nor Shift_JIS (byte 0x%02x) and declares no encoding: add <meta charset=\"…\"> or save it as UTF-8", data[off])
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, nil
}

// decodeAs decodes data as the encoding named by an HTML label, and reports whether it
// decoded without a replacement character (an unknown or empty label does not).
func decodeAs(label string, data []byte) (string, bool) {
	if label == "" {
		return "", false
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return "", false
	}
	if name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		// A page that can declare UTF-16 in ASCII is not UTF-16 (the HTML standard's rule).
		return string(data), utf8.Valid(data)
	}
	b, err := enc.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(b, utf8.RuneError) {
		return "", false
	}
	return string(b), true
}

// declaredCharset returns the encoding label the page declares, or "". It reads the
// page's tags as they are (encodings a page can declare itself in are ASCII-compatible)
// up to <body>, </head> or the first <table>.
func declaredCharset(data []byte) string {
	if len(data) > metaScanBytes {
		data = data[:metaScanBytes]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.CommentToken:
			// <?xml version="1.0" encoding="Shift_JIS"?> heads XHTML pages.
			if t := string(z.Text()); strings.HasPrefix(t, "?xml") {
				if label := charsetParam(t, "encoding"); label != "" {
					return label
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Head {
				return ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body, atom.Table:
				return ""
			case atom.Meta:
				var cs, content string
				var pragma bool
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "charset":
						cs = strings.TrimSpace(string(v))
					case "content":
						content = string(v)
					case "http-equiv":
						pragma = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
					}
				}
				if cs != "" {
					return cs
				}
				if pragma {
					if label := charsetParam(content, "charset"); label != "" {
						return label
					}
				}
			}
		}
	}
}

// charsetParam extracts the value of param ("charset" in a Content-Type, "encoding" in
// an XML declaration): after the name, optional spaces, "=", an optionally quoted value.
func charsetParam(s, param string) string {
	lower := strings.ToLower(s)
	for i := 0; ; {
		j := strings.Index(lower[i:], param)
		if j < 0 {
			return ""
		}
		rest := strings.TrimLeft(s[i+j+len(param):], " \t\n\f")
		i += j + len(param)
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\n\f")
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			if k := strings.IndexByte(rest[1:], rest[0]); k >= 0 {
				return strings.TrimSpace(rest[1 : 1+k])
			}
			return ""
		}
		if k := strings.IndexAny(rest, " \t\n\f;\"'?"); k >= 0 {
			rest = rest[:k]
		}
		return rest
	}
}

// decodeUTF16 decodes data that starts with a UTF-16 byte order mark. It reports the line
// of the first unpaired surrogate or odd trailing byte when the data is not valid UTF-16.
func decodeUTF16(data []byte) (text string, badLine int, ok bool) {
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 0xfe {
		order = binary.BigEndian
	}
	data = data[2:]
	units := make([]uint16, len(data)/2)
	line := 1
	for i := range units {
		units[i] = order.Uint16(data[2*i:])
		if units[i] == '\n' {
			line++
		}
	}
	if len(data)%2 != 0 {
		return "", line, false
	}
	line = 1
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case u == '\n':
			line++
		case utf16.IsSurrogate(rune(u)):
			if u >= 0xdc00 || i+1 == len(units) || units[i+1] < 0xdc00 || units[i+1] > 0xdfff {
				return "", line, false
			}
			i++
		}
	}
	return string(utf16.Decode(units)), 0, true
}

// hasJapanese reports whether text holds kana or kanji: bytes that are not UTF-8 and
// decode as Shift_JIS into none (a Latin-1 page) are not taken for Shift_JIS.
func hasJapanese(text string) bool {
	for _, r := range text {
		if r >= 0x3040 && r <= 0x30ff || r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// htmlLineAt returns the 1-based line of byte offset off.
func htmlLineAt(data []byte, off int) int {
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}
