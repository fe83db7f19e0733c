package pdftext

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
)

// errFilter is a stream whose filter this package does not implement (DCT and JPX
// images, JBIG2, CCITT, LZW, Crypt): such streams are images or rare, and are skipped.
var errFilter = errors.New("unsupported filter")

// decode returns the decoded bytes of s, cached. The bytes decoded are counted against
// Limits.MaxDecoded: past it, reading stops with an *Error (a "zip bomb" or a file too
// large to be a table).
func (d *doc) decode(s *stream) ([]byte, error) {
	if s.decoded != nil || s.err != nil {
		return s.decoded, s.err
	}
	s.decoded, s.err = d.decodeRaw(s)
	if s.decoded == nil && s.err == nil {
		s.decoded = []byte{}
	}
	return s.decoded, s.err
}

func (d *doc) decodeRaw(s *stream) ([]byte, error) {
	filters := d.get(s.dict["Filter"])
	params := d.get(s.dict["DecodeParms"])
	var fl, pl array
	switch f := filters.(type) {
	case name:
		fl, pl = array{f}, array{params}
	case array:
		fl = f
		pl, _ = params.(array)
	}
	b := s.raw
	for i, f := range fl {
		var p dict
		if i < len(pl) {
			p = d.dict(pl[i])
		}
		var err error
		switch d.name(f) {
		case "FlateDecode", "Fl":
			b, err = d.inflate(b)
			if err == nil {
				b, err = d.predict(b, p)
			}
		case "ASCIIHexDecode", "AHx":
			b = asciiHex(b)
		case "ASCII85Decode", "A85":
			b, err = ascii85(b)
		default:
			return nil, errFilter
		}
		if err != nil {
			return nil, err
		}
	}
	return b, nil
}

// inflate decompresses zlib data. A stream cut short (a missing checksum, a truncated
// last block) keeps what was decoded, as viewers do.
func (d *doc) inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		// Some writers leave out the zlib header; raw deflate is rare enough to skip.
		return nil, err
	}
	room := d.lim.MaxDecoded - d.decoded
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(zr, room+1))
	d.decoded += n
	if n > room {
		panic(errorf("the PDF decompresses to more than %d MiB: it is too large or built to exhaust memory", d.lim.MaxDecoded>>20))
	}
	if err != nil && out.Len() == 0 {
		return nil, err
	}
	return out.Bytes(), nil
}

// predict undoes a PNG or TIFF predictor (DecodeParms /Predictor), as cross-reference
// and object streams use.
func (d *doc) predict(b []byte, p dict) ([]byte, error) {
	pred, _ := d.number(p["Predictor"])
	if pred < 10 {
		if pred == 2 {
			return nil, errFilter // TIFF predictor: images only
		}
		return b, nil
	}
	cols, ok := d.number(p["Columns"])
	if !ok {
		cols = 1
	}
	colors, ok := d.number(p["Colors"])
	if !ok {
		colors = 1
	}
	bpc, ok := d.number(p["BitsPerComponent"])
	if !ok {
		bpc = 8
	}
	bpp := max(1, int(colors*bpc+7)/8)
	row := int(cols*colors*bpc+7) / 8
	if row <= 0 || row > 1<<20 {
		return nil, errFilter
	}
	out := make([]byte, 0, len(b)/(row+1)*row)
	prev := make([]byte, row)
	cur := make([]byte, row)
	for len(b) >= row+1 {
		typ := b[0]
		copy(cur, b[1:row+1])
		b = b[row+1:]
		for i := range cur {
			var left, up, ul byte
			if i >= bpp {
				left, ul = cur[i-bpp], prev[i-bpp]
			}
			up = prev[i]
			switch typ {
			case 1:
				cur[i] += left
			case 2:
				cur[i] += up
			case 3:
				cur[i] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[i] += paeth(left, up, ul)
			}
		}
		out = append(out, cur...)
		prev, cur = cur, prev
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func asciiHex(b []byte) []byte {
	out := make([]byte, 0, len(b)/2)
	var hi byte
	half := false
	for _, c := range b {
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out
}

func ascii85(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b)*4/5)
	var tuple uint64
	n := 0
	for _, c := range b {
		switch {
		case c == '~':
			goto done
		case isSpace(c):
			continue
		case c == 'z' && n == 0:
			out = append(out, 0, 0, 0, 0)
			continue
		case c < '!' || c > 'u':
			return nil, errors.New("bad ASCII85 data")
		}
		tuple = tuple*85 + uint64(c-'!')
		n++
		if n == 5 {
			out = append(out, byte(tuple>>24), byte(tuple>>16), byte(tuple>>8), byte(tuple))
			tuple, n = 0, 0
		}
	}
done:
	if n > 1 {
		for i := n; i < 5; i++ {
			tuple = tuple*85 + 84
		}
		out = append(out, []byte{byte(tuple >> 24), byte(tuple >> 16), byte(tuple >> 8), byte(tuple)}[:n-1]...)
	}
	return out, nil
}
