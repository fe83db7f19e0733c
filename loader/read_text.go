package loader

// readDelimited reads TSV or CSV text (the separator is detected from the first line
// that has one): the encoding is detected (UTF-8 with or without a BOM, UTF-16 with a
// BOM, Shift_JIS/CP932), line ends are normalised, and quoted cells may span lines.
func readDelimited(file string, data []byte, _ ReadOptions) ([]Record, error) {
	text, _, err := decode(file, data)
	if err != nil {
		return nil, err
	}
	sep, _, err := detectSeparator(file, text)
	if err != nil {
		return nil, err
	}
	sc := &scanner{s: text, line: 1, sep: sep}
	var recs []Record
	for !sc.done() {
		cells, line, err := sc.record()
		if err != nil {
			err.File = file
			return nil, err
		}
		recs = append(recs, Record{Line: line, Cells: cells})
	}
	return recs, nil
}
