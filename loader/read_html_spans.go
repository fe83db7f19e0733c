package loader

import "fmt"

// Bounds on spans, HTML's own (the HTML standard clamps colspan to 1000 and rowspan to
// 65534, as browsers do). A span can only repeat a cell into rows that exist as <tr>, so
// rowspan costs nothing beyond the rows; colspan is what the limits below guard.
const (
	maxColspan = 1000
	maxRowspan = 65534
	// spanToEnd is the remaining height of a rowspan="0" cell: to the end of its row group.
	spanToEnd = int(^uint(0) >> 1)
)

// Bounds on what the expanded tables of one page may hold, so that hostile spans give an
// error instead of gigabytes: rows (data rows plus headers repeated, captions and blank
// rows), slots (every cell counted once per slot it covers), and the bytes the slots
// hold when each is taken as a cell of its own (what the later stages read).
const (
	maxHTMLRows  = 2 * MaxRows
	maxHTMLSlots = maxHTMLRows * 5 // the five columns of a result table
	maxHTMLBytes = MaxFileBytes
)

// spanGrid lays out the rows of one table on the HTML table grid: a cell takes the first
// slot of its row not yet taken (by a cell to its left, or by a cell from a row above
// that spans down), and colspan slots from there; a cell with rowspan takes the same
// slots in the rows below, up to the end of its row group (thead, tbody, tfoot), and
// never makes rows of its own. Where spans overlap (an HTML table model error), a slot
// keeps the cell that took it first. A slot no cell covers is "".
type spanGrid struct {
	limits *spanLimits
	down   []spanDown // per column, the cell from a row above that spans into the next rows
	row    []string   // the open row's slots
	taken  []bool     // which of them a cell holds
	next   int        // where the next cell of the open row starts looking for a slot
}

// spanDown is a cell that covers the slot of its column in the next rows rows.
type spanDown struct {
	text string
	rows int
}

// spanLimits counts what the grids of one page laid out, against the bounds.
type spanLimits struct {
	rows, slots, bytes int
}

// The errors of a page past a bound; readHTML adds the file and line.
var (
	errTooManyRows  = fmt.Errorf("more than %d rows", maxHTMLRows)
	errTooManySlots = fmt.Errorf("more than %d cells once rowspan and colspan are expanded", maxHTMLSlots)
	errTooManyBytes = fmt.Errorf("more than %d MiB of cell text once rowspan and colspan are expanded", maxHTMLBytes>>20)
)

// startRow opens a row: the cells spanning down from the rows above take their slots.
func (g *spanGrid) startRow() error {
	g.limits.rows++
	if g.limits.rows > maxHTMLRows {
		return errTooManyRows
	}
	g.row, g.taken, g.next = nil, nil, 0
	for x := range g.down {
		d := &g.down[x]
		if d.rows == 0 {
			continue
		}
		if err := g.grow(x + 1); err != nil {
			return err
		}
		if err := g.fill(x, d.text); err != nil {
			return err
		}
		if d.rows != spanToEnd {
			d.rows--
		}
	}
	return nil
}

// place lays a cell of the open row out: colspan slots from the first free one, and the
// same slots in the next rowspan-1 rows (rowspan 0: to the end of the row group).
func (g *spanGrid) place(text string, colspan, rowspan int) error {
	x := g.next
	for x < len(g.taken) && g.taken[x] {
		x++
	}
	end := x + colspan
	if err := g.grow(end); err != nil {
		return err
	}
	for i := x; i < end; i++ {
		if g.taken[i] {
			continue // overlapping spans: the slot keeps the cell that took it first
		}
		if err := g.fill(i, text); err != nil {
			return err
		}
		if rowspan != 1 {
			for len(g.down) <= i {
				g.down = append(g.down, spanDown{})
			}
			g.down[i] = spanDown{text: text, rows: rowspan - 1}
			if rowspan == 0 {
				g.down[i].rows = spanToEnd
			}
		}
	}
	g.next = end
	return nil
}

// endRow closes the open row and returns its slots.
func (g *spanGrid) endRow() []string {
	row := g.row
	g.row, g.taken, g.next = nil, nil, 0
	return row
}

// endGroup ends a row group: no cell spans into the next one.
func (g *spanGrid) endGroup() { g.down = g.down[:0] }

// grow makes the open row n slots wide, counting the new slots against the bound.
func (g *spanGrid) grow(n int) error {
	if n <= len(g.row) {
		return nil
	}
	g.limits.slots += n - len(g.row)
	if g.limits.slots > maxHTMLSlots {
		return errTooManySlots
	}
	g.row = append(g.row, make([]string, n-len(g.row))...)
	g.taken = append(g.taken, make([]bool, n-len(g.taken))...)
	return nil
}

// fill puts text in slot x of the open row, counting its bytes against the bound.
func (g *spanGrid) fill(x int, text string) error {
	g.limits.bytes += len(text)
	if g.limits.bytes > maxHTMLBytes {
		return errTooManyBytes
	}
	g.row[x], g.taken[x] = text, true
	return nil
}
