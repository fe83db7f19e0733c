package pdftext

import (
	"bytes"
	"sort"
	"strconv"
)

// xrefEntry says where an object is: at an offset in the file, or the index-th object of
// an object stream.
type xrefEntry struct {
	offset   int
	inStream int // object number of the object stream; 0 when at offset
	index    int
}

// doc is an open file: its bytes, where each object is, and the objects parsed so far.
type doc struct {
	data       []byte
	lim        Limits
	xref       map[int]xrefEntry
	trailer    dict
	cache      map[int]any
	loading    map[int]bool  // objects being parsed, to break reference cycles
	objstm     map[int][]any // parsed object streams
	decoded    int64         // bytes decoded so far
	ops        int           // operators interpreted so far
	glyphs     int           // glyphs kept so far
	fonts      map[any]*font // fonts by their dictionary's reference or address
	cmaps      map[*stream]*cmap
	endstreams []int           // where "endstream" is found in the file, once looked for
	forms      map[ref]*stream // decoded form XObjects (their raw holds the decoded bytes)
}

func open(data []byte, lim Limits) (*doc, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, errorf("not a PDF file: it does not start with %%PDF-")
	}
	d := &doc{data: data, lim: lim, xref: map[int]xrefEntry{}, cache: map[int]any{},
		loading: map[int]bool{}, objstm: map[int][]any{}, fonts: map[any]*font{}, forms: map[ref]*stream{},
		cmaps: map[*stream]*cmap{}}
	tail := data[max(0, len(data)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, errorf("the PDF is cut short or broken: there is no cross-reference table at its end (download or export it again)")
	}
	l := &lexer{b: tail, pos: i + len("startxref")}
	t := l.next()
	if !d.readXrefChain(int(t.num), t.kind == tInt) {
		// A wrong offset or a damaged table: find the objects by scanning, as viewers do.
		d.xref = map[int]xrefEntry{}
		d.trailer = nil
		d.scan()
	}
	if _, ok := d.trailer["Encrypt"]; ok {
		return nil, ErrEncrypted
	}
	if _, ok := d.get(d.trailer["Root"]).(dict); !ok {
		return nil, errorf("the PDF is broken: it has no document catalog (download or export it again)")
	}
	return d, nil
}

// readXrefChain reads the cross-reference section at off and those it links to
// (/Prev, /XRefStm); entries read first win, as the newest update comes first.
func (d *doc) readXrefChain(off int, ok bool) bool {
	if !ok {
		return false
	}
	seen := map[int]bool{}
	for first := true; ; first = false {
		if off <= 0 || off >= len(d.data) || seen[off] || len(seen) > 100 {
			return !first
		}
		seen[off] = true
		tr, ok := d.readXref(off)
		if !ok {
			return !first && d.trailer != nil
		}
		if first {
			d.trailer = tr
		}
		if x, ok := tr["XRefStm"].(float64); ok {
			d.readXref(int(x))
		}
		p, ok := tr["Prev"].(float64)
		if !ok {
			return true
		}
		off = int(p)
	}
}

// readXref reads one cross-reference table and its trailer, or one cross-reference
// stream, at off.
func (d *doc) readXref(off int) (dict, bool) {
	l := &lexer{b: d.data, pos: off}
	if t := l.lookahead(0); t.kind == tKeyword && t.s == "xref" {
		l.next()
		for {
			t := l.next()
			if t.kind == tKeyword && t.s == "trailer" {
				tr, _ := l.object(0)
				trd, ok := tr.(dict)
				return trd, ok
			}
			c := l.next()
			if t.kind != tInt || c.kind != tInt || t.num < 0 || c.num < 0 {
				return nil, false
			}
			start, count := int(t.num), int(c.num)
			// Entries are 20 bytes each; read them with the lexer, which also takes
			// the 19-byte entries some writers produce.
			for i := 0; i < count; i++ {
				o, g, k := l.next(), l.next(), l.next()
				if o.kind != tInt || g.kind != tInt || k.kind != tKeyword {
					return nil, false
				}
				n := start + i
				if _, dup := d.xref[n]; !dup && k.s == "n" {
					d.xref[n] = xrefEntry{offset: int(o.num)}
				} else if !dup && k.s == "f" {
					d.xref[n] = xrefEntry{offset: -1}
				}
			}
		}
	}
	v, _, ok := d.parseIndirect(off)
	s, isStream := v.(*stream)
	if !ok || !isStream || s.dict["Type"] != name("XRef") {
		return nil, false
	}
	return s.dict, d.readXrefStream(s)
}

func (d *doc) readXrefStream(s *stream) bool {
	body, err := d.decode(s)
	if err != nil {
		return false
	}
	w, _ := s.dict["W"].(array)
	if len(w) != 3 {
		return false
	}
	var ws [3]int
	size := 0
	for i := range ws {
		f, _ := w[i].(float64)
		if f < 0 || f > 8 {
			return false
		}
		ws[i] = int(f)
		size += ws[i]
	}
	if size == 0 {
		return false
	}
	index, _ := s.dict["Index"].(array)
	if index == nil {
		n, _ := s.dict["Size"].(float64)
		index = array{0.0, n}
	}
	field := func(b []byte, def int) int {
		if len(b) == 0 {
			return def
		}
		v := 0
		for _, c := range b {
			v = v<<8 | int(c)
		}
		return v
	}
	pos := 0
	for i := 0; i+1 < len(index); i += 2 {
		start, _ := index[i].(float64)
		count, _ := index[i+1].(float64)
		for j := 0; j < int(count) && pos+size <= len(body); j++ {
			e := body[pos : pos+size]
			pos += size
			typ := field(e[:ws[0]], 1)
			a := field(e[ws[0]:ws[0]+ws[1]], 0)
			b := field(e[ws[0]+ws[1]:], 0)
			n := int(start) + j
			if _, dup := d.xref[n]; dup {
				continue
			}
			switch typ {
			case 0:
				d.xref[n] = xrefEntry{offset: -1}
			case 1:
				d.xref[n] = xrefEntry{offset: a}
			case 2:
				d.xref[n] = xrefEntry{inStream: a, index: b}
			}
		}
	}
	return true
}

// scan rebuilds the cross-reference table by finding every "n g obj" in the file; the
// last definition of an object wins, and the trailer is the last one found (or the
// dictionary of the last cross-reference stream).
func (d *doc) scan() {
	data := d.data
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("obj"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + 3
		// back over "n g " before "obj"
		k := at
		for k > 0 && isSpace(data[k-1]) {
			k--
		}
		g := k
		for g > 0 && data[g-1] >= '0' && data[g-1] <= '9' {
			g--
		}
		if g == k {
			continue
		}
		k = g
		for k > 0 && isSpace(data[k-1]) {
			k--
		}
		n := k
		for n > 0 && data[n-1] >= '0' && data[n-1] <= '9' {
			n--
		}
		if n == k || (n > 0 && !isSpace(data[n-1]) && !isDelim(data[n-1])) {
			continue
		}
		num, err := strconv.Atoi(string(data[n:k]))
		if err != nil {
			continue
		}
		d.xref[num] = xrefEntry{offset: n}
	}
	for i := len(data); ; {
		j := bytes.LastIndex(data[:i], []byte("trailer"))
		if j < 0 {
			break
		}
		l := &lexer{b: data, pos: j + len("trailer")}
		if tr, _ := l.object(0); tr != nil {
			if trd, ok := tr.(dict); ok && trd["Root"] != nil {
				d.trailer = trd
				break
			}
		}
		i = j
	}
	if d.trailer == nil {
		// A file with cross-reference streams: their dictionaries are trailers.
		for num := range d.xref {
			if s, ok := d.object(num).(*stream); ok && s.dict["Type"] == name("XRef") && s.dict["Root"] != nil {
				if d.trailer == nil || s.dict["Prev"] == nil {
					d.trailer = s.dict
				}
			}
		}
	}
	if d.trailer == nil {
		// No trailer at all: look for the catalog itself.
		for num := range d.xref {
			if c, ok := d.object(num).(dict); ok && c["Type"] == name("Catalog") {
				d.trailer = dict{"Root": ref{num, 0}}
				break
			}
		}
	}
	// Object streams found by the scan hold objects too.
	for num := range d.xref {
		if s, ok := d.object(num).(*stream); ok && s.dict["Type"] == name("ObjStm") {
			objs := d.objectStream(num)
			for i := range objs {
				if on := d.objstmNumber(num, i); on > 0 {
					if _, dup := d.xref[on]; !dup {
						d.xref[on] = xrefEntry{inStream: num, index: i}
					}
				}
			}
		}
	}
}

// parseIndirect parses "n g obj … endobj" at off: a stream when the object is a
// dictionary followed by "stream".
func (d *doc) parseIndirect(off int) (v any, num int, ok bool) {
	if off < 0 || off >= len(d.data) {
		return nil, 0, false
	}
	l := &lexer{b: d.data, pos: off}
	n, g, o := l.next(), l.next(), l.next()
	if n.kind != tInt || g.kind != tInt || o.kind != tKeyword || o.s != "obj" {
		return nil, 0, false
	}
	v, _ = l.object(0)
	dct, isDict := v.(dict)
	if !isDict {
		return v, int(n.num), true
	}
	if t := l.lookahead(0); t.kind != tKeyword || t.s != "stream" {
		return v, int(n.num), true
	}
	l.next()
	// The data starts after the end of line that follows "stream".
	p := l.pos
	if p < len(d.data) && d.data[p] == '\r' {
		p++
	}
	if p < len(d.data) && d.data[p] == '\n' {
		p++
	}
	end := -1
	// /Length is often an indirect object; it is trusted only when "endstream" follows.
	if length, ok := d.getLength(dct["Length"]); ok && length >= 0 && p+length <= len(d.data) {
		rest := bytes.TrimLeft(d.data[p+length:min(len(d.data), p+length+32)], " \r\n\t\f\x00")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			end = p + length
		}
	}
	if end < 0 {
		k := d.nextEndstream(p)
		if k < 0 {
			return nil, 0, false
		}
		end = k
		for end > p && (d.data[end-1] == '\n' || d.data[end-1] == '\r') {
			end--
		}
	}
	return &stream{dict: dct, raw: d.data[p:end]}, int(n.num), true
}

// nextEndstream returns where the first "endstream" at or after p starts, or -1: the
// positions are found once, so that many streams with a wrong /Length cost one scan.
func (d *doc) nextEndstream(p int) int {
	if d.endstreams == nil {
		d.endstreams = []int{}
		for i := 0; ; {
			k := bytes.Index(d.data[i:], []byte("endstream"))
			if k < 0 {
				break
			}
			d.endstreams = append(d.endstreams, i+k)
			i += k + 1
		}
	}
	i := sort.SearchInts(d.endstreams, p)
	if i == len(d.endstreams) {
		return -1
	}
	return d.endstreams[i]
}

// getLength resolves a stream's /Length without recursing into a stream.
func (d *doc) getLength(v any) (int, bool) {
	if r, ok := v.(ref); ok {
		e, found := d.xref[r.num]
		if !found || e.inStream != 0 || d.loading[r.num] {
			return 0, false
		}
		d.loading[r.num] = true
		defer delete(d.loading, r.num)
		x, _, ok := d.parseIndirect(e.offset)
		if !ok {
			return 0, false
		}
		v = x
	}
	f, ok := v.(float64)
	return int(f), ok
}

// object returns object num, parsing it on first use; nil when it is missing, free,
// broken or part of a reference cycle.
func (d *doc) object(num int) any {
	if v, ok := d.cache[num]; ok {
		return v
	}
	e, ok := d.xref[num]
	if !ok || e.offset < 0 || d.loading[num] {
		return nil
	}
	d.loading[num] = true
	defer delete(d.loading, num)
	var v any
	if e.inStream != 0 {
		if objs := d.objectStream(e.inStream); e.index >= 0 && e.index < len(objs) {
			v = objs[e.index]
		}
	} else {
		var n int
		v, n, ok = d.parseIndirect(e.offset)
		if !ok || n != num {
			v = nil
		}
	}
	d.cache[num] = v
	return v
}

// objectStream returns the objects of object stream num, in order.
func (d *doc) objectStream(num int) []any {
	if objs, ok := d.objstm[num]; ok {
		return objs
	}
	d.objstm[num] = nil
	s, ok := d.object(num).(*stream)
	if !ok {
		return nil
	}
	body, err := d.decode(s)
	if err != nil {
		return nil
	}
	n, _ := s.dict["N"].(float64)
	first, _ := s.dict["First"].(float64)
	if n <= 0 || first < 0 || int(first) > len(body) {
		return nil
	}
	l := &lexer{b: body[:int(first)]}
	var offs []int
	for i := 0; i < int(n); i++ {
		a, b := l.next(), l.next()
		if a.kind != tInt || b.kind != tInt {
			break
		}
		offs = append(offs, int(b.num))
	}
	objs := make([]any, len(offs))
	for i, off := range offs {
		if p := int(first) + off; p >= 0 && p < len(body) {
			ol := &lexer{b: body, pos: p}
			objs[i], _ = ol.object(0)
		}
	}
	d.objstm[num] = objs
	return objs
}

// objstmNumber returns the object number of the index-th object of object stream num.
func (d *doc) objstmNumber(num, index int) int {
	s, ok := d.object(num).(*stream)
	if !ok {
		return 0
	}
	body, err := d.decode(s)
	if err != nil {
		return 0
	}
	first, _ := s.dict["First"].(float64)
	if first < 0 || int(first) > len(body) {
		return 0
	}
	l := &lexer{b: body[:int(first)]}
	for i := 0; ; i++ {
		a, b := l.next(), l.next()
		if a.kind != tInt || b.kind != tInt {
			return 0
		}
		if i == index {
			return int(a.num)
		}
	}
}

// get resolves references: it returns the object v refers to (through at most a few
// references to references), or v itself.
func (d *doc) get(v any) any {
	for i := 0; i < 8; i++ {
		r, ok := v.(ref)
		if !ok {
			return v
		}
		v = d.object(r.num)
	}
	return nil
}

func (d *doc) dict(v any) dict {
	switch x := d.get(v).(type) {
	case dict:
		return x
	case *stream:
		return x.dict
	}
	return nil
}

func (d *doc) array(v any) array { a, _ := d.get(v).(array); return a }

func (d *doc) number(v any) (float64, bool) { f, ok := d.get(v).(float64); return f, ok }

func (d *doc) name(v any) name { n, _ := d.get(v).(name); return n }
