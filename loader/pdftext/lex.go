package pdftext

import (
	"bytes"
	"strconv"
)

// The objects of a PDF file as the parser gives them: nil, bool, float64 (every number),
// name, string (raw bytes), array, dict, ref, *stream; keyword only inside content
// streams and CMaps, where operators follow their operands.
type (
	name    string
	array   []any
	dict    map[name]any
	keyword string
	ref     struct{ num, gen int }
	stream  struct {
		dict    dict
		raw     []byte // as in the file
		decoded []byte // raw decoded, once decode has run
		err     error  // why it could not be decoded
	}
)

// token kinds
const (
	tEOF = iota
	tNumber
	tInt // an integer number: it may start a reference "n g R"
	tName
	tString
	tKeyword
	tArrayOpen
	tArrayClose
	tDictOpen
	tDictClose
	tBraceOpen
	tBraceClose
)

type token struct {
	kind int
	num  float64
	s    string // name, string bytes or keyword
}

// lexer splits PDF syntax into tokens. It never fails: malformed bytes become keywords
// or are skipped, and the caller decides what makes sense.
type lexer struct {
	b    []byte
	pos  int
	peek []token // tokens read ahead, in order
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// next returns the next token.
func (l *lexer) next() token {
	if n := len(l.peek); n > 0 {
		t := l.peek[0]
		copy(l.peek, l.peek[1:])
		l.peek = l.peek[:n-1]
		return t
	}
	return l.scan()
}

// lookahead returns the i-th token ahead (0 = the next one) without consuming it.
func (l *lexer) lookahead(i int) token {
	for len(l.peek) <= i {
		l.peek = append(l.peek, l.scan())
	}
	return l.peek[i]
}

func (l *lexer) scan() token {
	l.skipSpace()
	// Stray closers are skipped.
	for l.pos < len(l.b) && (l.b[l.pos] == ')' || l.b[l.pos] == '>' && (l.pos+1 == len(l.b) || l.b[l.pos+1] != '>')) {
		l.pos++
		l.skipSpace()
	}
	if l.pos >= len(l.b) {
		return token{kind: tEOF}
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		return token{kind: tName, s: l.name()}
	case c == '(':
		return token{kind: tString, s: l.literal()}
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return token{kind: tDictOpen}
		}
		return token{kind: tString, s: l.hex()}
	case c == '>': // ">>": a single '>' was skipped above
		l.pos += 2
		return token{kind: tDictClose}
	case c == '[':
		l.pos++
		return token{kind: tArrayOpen}
	case c == ']':
		l.pos++
		return token{kind: tArrayClose}
	case c == '{':
		l.pos++
		return token{kind: tBraceOpen}
	case c == '}':
		l.pos++
		return token{kind: tBraceClose}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		if t, ok := l.number(); ok {
			return t
		}
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	if l.pos == start { // cannot happen: every delimiter is handled above
		l.pos++
	}
	return token{kind: tKeyword, s: string(l.b[start:l.pos])}
}

func (l *lexer) number() (token, bool) {
	start := l.pos
	i := l.pos
	if l.b[i] == '+' || l.b[i] == '-' {
		i++
	}
	digits, dot := 0, false
	for ; i < len(l.b); i++ {
		c := l.b[i]
		if c >= '0' && c <= '9' {
			digits++
		} else if c == '.' && !dot {
			dot = true
		} else {
			break
		}
	}
	if digits == 0 {
		return token{}, false
	}
	l.pos = i
	s := string(l.b[start:i])
	if s[0] == '+' {
		s = s[1:]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		f = 0
	}
	kind := tNumber
	if !dot {
		kind = tInt
	}
	return token{kind: kind, num: f}, true
}

func (l *lexer) name() string {
	l.pos++ // '/'
	var b []byte
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		c := l.b[l.pos]
		if c == '#' && l.pos+2 < len(l.b) {
			if v, ok := unhex2(l.b[l.pos+1], l.b[l.pos+2]); ok {
				b = append(b, v)
				l.pos += 3
				continue
			}
		}
		b = append(b, c)
		l.pos++
	}
	return string(b)
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func unhex2(a, b byte) (byte, bool) {
	x, ok1 := unhex(a)
	y, ok2 := unhex(b)
	return x<<4 | y, ok1 && ok2
}

func (l *lexer) hex() string {
	l.pos++ // '<'
	var b []byte
	var hi byte
	half := false
	for l.pos < len(l.b) && l.b[l.pos] != '>' {
		v, ok := unhex(l.b[l.pos])
		l.pos++
		if !ok {
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		b = append(b, hi<<4)
	}
	if l.pos < len(l.b) {
		l.pos++ // '>'
	}
	return string(b)
}

func (l *lexer) literal() string {
	l.pos++ // '('
	// Fast path: no escapes and no nested parentheses.
	if end := bytes.IndexAny(l.b[l.pos:], `()\`); end >= 0 && l.b[l.pos+end] == ')' {
		s := string(l.b[l.pos : l.pos+end])
		l.pos += end + 1
		return s
	}
	var b []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(b)
			}
		case '\\':
			if l.pos >= len(l.b) {
				return string(b)
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		case '\r': // an end of line in a string is a "\n"
			if l.pos < len(l.b) && l.b[l.pos] == '\n' {
				l.pos++
			}
			c = '\n'
		}
		b = append(b, c)
	}
	return string(b)
}

// maxDepth bounds the nesting of arrays and dictionaries, so that hostile input cannot
// exhaust the stack.
const maxDepth = 64

// object parses one object starting at the next token. Keywords (operators, "obj",
// "endobj", "stream") are returned as keyword; a reference "n g R" as ref. ok is false at
// the end of input.
func (l *lexer) object(depth int) (v any, ok bool) {
	t := l.next()
	switch t.kind {
	case tEOF:
		return nil, false
	case tInt:
		if a, b := l.lookahead(0), l.lookahead(1); a.kind == tInt && b.kind == tKeyword && b.s == "R" {
			l.next()
			l.next()
			return ref{int(t.num), int(a.num)}, true
		}
		return t.num, true
	case tNumber:
		return t.num, true
	case tName:
		return name(t.s), true
	case tString:
		return t.s, true
	case tArrayOpen:
		var a array
		for {
			if k := l.lookahead(0).kind; k == tArrayClose || k == tEOF {
				l.next()
				return a, true
			}
			if depth >= maxDepth {
				l.skipNested(tArrayOpen, tArrayClose)
				return a, true
			}
			v, ok := l.object(depth + 1)
			if !ok {
				return a, true
			}
			a = append(a, v)
		}
	case tDictOpen:
		d := dict{}
		for {
			k := l.lookahead(0)
			if k.kind == tDictClose || k.kind == tEOF {
				l.next()
				return d, true
			}
			if depth >= maxDepth {
				l.skipNested(tDictOpen, tDictClose)
				return d, true
			}
			if k.kind != tName {
				l.next() // junk where a key belongs
				if k.kind == tKeyword && (k.s == "endobj" || k.s == "stream") {
					l.peek = append([]token{k}, l.peek...) // the dictionary was not closed
					return d, true
				}
				continue
			}
			l.next()
			v, ok := l.object(depth + 1)
			if !ok {
				return d, true
			}
			d[name(k.s)] = v
		}
	case tKeyword:
		switch t.s {
		case "true":
			return true, true
		case "false":
			return false, true
		case "null":
			return nil, true
		}
		return keyword(t.s), true
	}
	return nil, true // stray closers and braces
}

// skipNested skips tokens up to the closer matching an opener already read.
func (l *lexer) skipNested(open, close int) {
	for depth := 1; depth > 0; {
		switch l.next().kind {
		case tEOF:
			return
		case open:
			depth++
		case close:
			depth--
		}
	}
}
