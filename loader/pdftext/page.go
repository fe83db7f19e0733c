package pdftext

// pages walks the page tree in order and reads each page.
func (d *doc) pages() ([]Page, error) {
	root := d.dict(d.trailer["Root"])
	var out []Page
	seen := map[any]bool{}
	var walk func(node any, inherited dict, depth int) error
	walk = func(node any, inherited dict, depth int) error {
		if depth > 64 {
			return nil
		}
		if r, ok := node.(ref); ok {
			if seen[r] {
				return nil // a page tree with a cycle
			}
			seen[r] = true
		}
		n := d.dict(node)
		if n == nil {
			return nil
		}
		inh := dict{}
		for k, v := range inherited {
			inh[k] = v
		}
		for _, k := range []name{"Resources", "MediaBox", "CropBox", "Rotate"} {
			if v, ok := n[k]; ok {
				inh[k] = v
			}
		}
		if kids := d.array(n["Kids"]); kids != nil || d.name(n["Type"]) == "Pages" {
			for _, k := range kids {
				if err := walk(k, inh, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		if len(out) >= d.lim.MaxPages {
			return errorf("the PDF has more than %d pages: split it", d.lim.MaxPages)
		}
		out = append(out, d.page(len(out)+1, n, inh))
		return nil
	}
	if err := walk(root["Pages"], dict{}, 0); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errorf("the PDF is broken: it has no pages (download or export it again)")
	}
	return out, nil
}

// page reads one page's content.
func (d *doc) page(number int, n, inh dict) Page {
	box := [4]float64{0, 0, 612, 792} // US Letter, the spec's default
	if b := d.box(inh["CropBox"]); b != nil {
		box = *b
	} else if b := d.box(inh["MediaBox"]); b != nil {
		box = *b
	}
	rot, _ := d.number(inh["Rotate"])
	disp, w, h := display(box, int(rot))
	p := Page{Number: number, Width: w, Height: h}
	in := &interp{d: d, page: &p, disp: disp, pageArea: w * h,
		gs: gstate{ctm: identity, th: 1}}
	res := d.dict(inh["Resources"])
	var contents []any
	switch c := d.get(n["Contents"]).(type) {
	case *stream:
		contents = []any{c}
	case array:
		contents = c
	}
	// The streams of an array are one content stream split anywhere, even inside a
	// token: they are joined before interpreting.
	var body []byte
	for _, c := range contents {
		if s, ok := d.get(c).(*stream); ok {
			if b, err := d.decode(s); err == nil {
				body = append(body, b...)
				body = append(body, '\n')
			}
		}
	}
	in.run(body, res)
	return p
}

// box reads a rectangle [llx lly urx ury], normalised so that ll is lower left.
func (d *doc) box(v any) *[4]float64 {
	a := d.array(v)
	if len(a) != 4 {
		return nil
	}
	var b [4]float64
	for i := range b {
		f, ok := d.number(a[i])
		if !ok {
			return nil
		}
		b[i] = f
	}
	if b[0] > b[2] {
		b[0], b[2] = b[2], b[0]
	}
	if b[1] > b[3] {
		b[1], b[3] = b[3], b[1]
	}
	if b[2]-b[0] < 1 || b[3]-b[1] < 1 || b[2]-b[0] > 1e5 || b[3]-b[1] > 1e5 {
		return nil
	}
	return &b
}
