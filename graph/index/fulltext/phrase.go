package fulltext

// Phrases are verified on the text of the candidates that the postings give (the
// documents holding all of a word's terms somewhere): the field is analysed again and
// the phrase's terms must stand at consecutive positions. Analysing the few hundred
// characters of a candidate again takes microseconds; keeping every position in memory
// would take several times the memory of the postings.

// scan counts in an analysed field, for each key term of the phrase (keys[j], keys[0]
// being the phrase's first term), how often the field holds it (tf[j], BM25's term
// frequency), and tells whether the phrase occurs.
func (p phrase) scan(ts *tokens, keys []term, tf []int) (found bool) {
	clear(tf)
	for k := range ts.toks {
		if keys[0].at(ts, k) { // the phrase may start here
			tf[0]++
			found = found || p.at(ts, k)
		}
		for j := 1; j < len(keys); j++ {
			if keys[j].at(ts, k) {
				tf[j]++
			}
		}
	}
	return found
}

// spans appends the bytes of the original text that each occurrence of the phrase
// covers, one span per term (they overlap; mergeSpans joins them).
func (p phrase) spans(ts *tokens, out []span) []span {
	for k := range ts.toks {
		if !p.at(ts, k) {
			continue
		}
		for j := range p {
			t := &ts.toks[k+j]
			switch p[j].kind {
			case termAny:
			case termBigram:
				out = append(out, span{int(t.start), int(ts.toks[k+j+1].end)})
			default:
				out = append(out, span{int(t.start), int(t.end)})
			}
		}
	}
	return out
}
