package loader

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/richardlehane/mscfb"
)

// What the XLSX and DOCX readers share: both formats are ZIP packages of XML parts
// (Office Open XML), and both arrive, when encrypted or saved by Office 97-2003, as an
// OLE compound file instead.

// maxCells bounds the cells one sheet or document may give, merged cells expanded: a
// ZIP of a few kilobytes can hold a cell in the 16384th column of every row, or one
// merged range over a million rows, and each would otherwise become a string in memory.
// Real result tables have five to ten columns.
const maxCells = MaxRows * 20

// oleHeader starts every OLE compound file: an .xls, a .doc, or an encrypted .xlsx or
// .docx (Office wraps the encrypted package in one).
var oleHeader = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// oleMessage says what to do with an OLE compound file given as kind ("workbook" or
// "document"): remove the password when it holds an encrypted package, else save it
// in the current format.
func oleMessage(data []byte, kind, ext, legacy string) string {
	if encryptedOLE(data) {
		return fmt.Sprintf("the %s is encrypted (password-protected): open it, remove the password (File > Info > Protect) and save it again as %s", kind, ext)
	}
	return fmt.Sprintf("an Office 97-2003 %s (%s), not %s: open it and save it as %s", kind, legacy, ext, ext)
}

// encryptedOLE reports whether an OLE compound file holds the two streams of an
// encrypted Office Open XML package.
func encryptedOLE(data []byte) bool {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return false
	}
	found := 0
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		if entry.Name == "EncryptionInfo" || entry.Name == "EncryptedPackage" {
			found++
		}
	}
	return found == 2
}

// findPart returns the ZIP entry of a package part, or nil.
func findPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// errPartTooLarge is what a part declaring more unpacked bytes than its bound gives.
var errPartTooLarge = errors.New("unpacks to more bytes than the limit")

// openPart opens a package part that unpacks to at most limit bytes, so that a ZIP
// bomb (a small file that unpacks to gigabytes) gives errPartTooLarge instead of filling
// memory. The size checked is what the ZIP's directory declares: archive/zip fails an
// entry that unpacks to more than that.
func openPart(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, errPartTooLarge
	}
	return f.Open()
}
