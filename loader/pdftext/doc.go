// Package pdftext reads what the pages of a PDF file draw: text with its position and
// size, and the straight horizontal and vertical lines that rule tables. It is the
// minimal reader that rebuilding a table needs, not a renderer: no glyph outlines, no
// images, no colours.
//
// It decodes the text of simple fonts (Widths, standard encodings, Differences) and of
// Type0/CID fonts (Identity-H and other CMaps, DescendantFonts W/DW widths) through their
// ToUnicode CMaps, which is what Word, LibreOffice and fpdf write for Japanese. Files
// may use cross-reference tables or streams, object streams, FlateDecode (with PNG
// predictors), ASCIIHex and ASCII85; a broken cross-reference table is rebuilt by
// scanning for objects. Encrypted files are refused.
//
// Every input is bounded (Limits): hostile files cannot make it loop, recurse without
// end or allocate without bound.
package pdftext

import (
	"errors"
	"fmt"
)

// Page is what one page draws, in points, in the page as displayed: origin at the top
// left of its crop box, y growing downwards, /Rotate applied.
type Page struct {
	Number        int // 1-based
	Width, Height float64
	Glyphs        []Glyph
	Lines         []Line
	Images        int // image XObjects and inline images drawn
}

// Glyph is one character shown upright: its baseline starts at (X, Y) and its advance
// ends at X1. Size is the font size as drawn. Text is what its ToUnicode or encoding maps
// it to (sometimes several characters, for a ligature; U+FFFD when unknown).
type Glyph struct {
	X, Y, X1 float64
	Size     float64
	Text     string
}

// Line is a straight horizontal (Y0 == Y1) or vertical (X0 == X1) segment, stroked or
// filled as a thin rectangle, with X0 <= X1 and Y0 <= Y1.
type Line struct {
	X0, Y0, X1, Y1 float64
}

// Horizontal reports whether l runs along the x axis.
func (l Line) Horizontal() bool { return l.Y0 == l.Y1 }

// Limits bound the work spent on one file.
type Limits struct {
	MaxPages   int   // pages read at most; more is an error
	MaxDecoded int64 // bytes decoded from streams, summed over the file
	MaxOps     int   // content-stream operators and operands, summed over the file
	MaxGlyphs  int   // glyphs kept, summed over the file
}

// DefaultLimits fit a result table of a few hundred pages.
var DefaultLimits = Limits{MaxPages: 2000, MaxDecoded: 512 << 20, MaxOps: 20_000_000, MaxGlyphs: 5_000_000}

// ErrEncrypted is returned for an encrypted (password-protected) file.
var ErrEncrypted = errors.New("the PDF is encrypted")

// Error is a file that cannot be read: broken, truncated or over a limit. Its message
// says what is wrong in plain words and quotes nothing of the file at length.
type Error struct{ Message string }

func (e *Error) Error() string { return e.Message }

func errorf(format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...)}
}

// Read returns the pages of a PDF file in order. It returns ErrEncrypted, or an *Error
// for a file it cannot read; it does not panic.
func Read(data []byte, lim Limits) (pages []Page, err error) {
	defer func() {
		// A failure deep inside (a limit hit while resolving objects) unwinds as an
		// *Error; anything else is a bug, and still reported rather than crashing a load.
		if r := recover(); r != nil {
			pages = nil
			if e, ok := r.(*Error); ok {
				err = e
				return
			}
			err = errorf("the PDF could not be read (internal error: %v)", r)
		}
	}()
	d, err := open(data, lim)
	if err != nil {
		return nil, err
	}
	return d.pages()
}
