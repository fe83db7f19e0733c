package loader

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The merged ranges of a sheet are read here from the sheet's XML, streaming, rather
// than with excelize's GetMergeCells: that one unmarshals the whole worksheet into
// structs and merges overlapping ranges pairwise (quadratic in their number), which a
// hostile workbook can make take hours. Only <mergeCell ref> is needed.

// cellRange is a merged range in 1-based coordinates, corners included.
type cellRange struct{ col1, row1, col2, row2 int }

// sheetMerges returns the merged ranges of the sheet named sheet, finding its part as
// Excel does: the package's officeDocument relationship gives the workbook, the
// workbook's <sheet r:id> and its relationships give the sheet. Ranges that cannot be
// parsed are left out: a merge is presentation, and excelize has read the cells.
func sheetMerges(zr *zip.Reader, sheet string) ([]cellRange, error) {
	wb := workbookPart(zr)
	var id string
	err := scanPart(zr, wb, func(se xml.StartElement) error {
		if se.Name.Local == "sheet" && attr(se, "name") == sheet {
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value
				}
			}
		}
		return nil
	})
	if err != nil || id == "" {
		return nil, err
	}
	dir, base := path.Split(wb)
	rels, err := readRels(zr, dir+"_rels/"+base+".rels", dir)
	if err != nil {
		return nil, err
	}
	part := ""
	for _, r := range rels {
		if r.id == id {
			part = r.target
		}
	}
	var ranges []cellRange
	err = scanPart(zr, part, func(se xml.StartElement) error {
		if se.Name.Local != "mergeCell" {
			return nil
		}
		first, last, ok := strings.Cut(attr(se, "ref"), ":")
		if !ok {
			return nil
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(first)
		c2, r2, err2 := excelize.CellNameToCoordinates(last)
		if err1 == nil && err2 == nil {
			ranges = append(ranges, cellRange{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)})
		}
		return nil
	})
	return ranges, err
}

// workbookPart returns the name of the workbook part: the target of the package's
// officeDocument relationship, xl/workbook.xml by default.
func workbookPart(zr *zip.Reader) string {
	if rels, err := readRels(zr, "_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") && r.target != "" {
				return r.target
			}
		}
	}
	return "xl/workbook.xml"
}

type relationship struct{ id, typ, target string }

// readRels reads a relationships part; targets are resolved against dir, the folder of
// the part they belong to.
func readRels(zr *zip.Reader, name, dir string) ([]relationship, error) {
	var rels []relationship
	err := scanPart(zr, name, func(se xml.StartElement) error {
		if se.Name.Local == "Relationship" {
			t := attr(se, "Target")
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join(dir, t)
			}
			rels = append(rels, relationship{attr(se, "Id"), attr(se, "Type"), t})
		}
		return nil
	})
	return rels, err
}

// scanPart calls fn for every start element of a package part; a missing part is no
// error (it has no elements).
func scanPart(zr *zip.Reader, name string, fn func(xml.StartElement) error) error {
	f := findPart(zr, name)
	if f == nil {
		return nil
	}
	rc, err := openPart(f, MaxFileBytes)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := fn(se); err != nil {
				return err
			}
		}
	}
}

// attr returns the value of the attribute with local name local, or "".
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
