package pdftext

import "math"

// matrix is a PDF transformation [a b c d e f]: (x, y) becomes (a·x + c·y + e, b·x + d·y + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m followed by n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// finite reports whether every entry is a finite number, so that hostile matrices
// (1e308 scales) give no NaN positions.
func (m matrix) finite() bool {
	for _, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
			return false
		}
	}
	return true
}

// display returns the transformation from a page's user space to its display space:
// origin at the top left of box (llx lly urx ury), y down, turned by rotate degrees
// clockwise; and the displayed width and height.
func display(box [4]float64, rotate int) (matrix, float64, float64) {
	llx, lly, urx, ury := box[0], box[1], box[2], box[3]
	w, h := urx-llx, ury-lly
	switch ((rotate % 360) + 360) % 360 {
	case 90:
		return matrix{0, 1, 1, 0, -lly, -llx}, h, w
	case 180:
		return matrix{-1, 0, 0, 1, urx, -lly}, w, h
	case 270:
		return matrix{0, -1, -1, 0, ury, urx}, h, w
	}
	return matrix{1, 0, 0, -1, -llx, ury}, w, h
}
