package index

import "strconv"

// AppendKey appends to buf a key that identifies f by its content: every field, each
// value prefixed by its length, so two filters have the same key exactly when they select
// by the same values. A nil filter has the key of the empty one (both select every
// comment). It allocates nothing while buf has room.
func (f *CommentFilter) AppendKey(buf []byte) []byte {
	if f == nil {
		f = &CommentFilter{}
	}
	field := func(s string) {
		buf = strconv.AppendInt(buf, int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
	}
	field(f.Consultation)
	field(f.Submitter)
	field(string(f.SubmitterKind))
	field(f.Organization)
	field(f.Section)
	buf = strconv.AppendInt(buf, int64(len(f.Topics)), 10)
	for _, t := range f.Topics {
		field(t)
	}
	field(string(f.TopicMatch))
	buf = strconv.AppendInt(buf, int64(len(f.Dispositions)), 10)
	for _, d := range f.Dispositions {
		field(string(d))
	}
	if f.PageRef != nil {
		buf = strconv.AppendInt(buf, int64(*f.PageRef), 10)
	}
	buf = append(buf, ';')
	field(f.Text)
	field(f.Campaign)
	switch {
	case f.InCampaign == nil:
		buf = append(buf, '-')
	case *f.InCampaign:
		buf = append(buf, 'y')
	default:
		buf = append(buf, 'n')
	}
	return buf
}

// AppendKey appends a key of q's content, as CommentFilter.AppendKey does; a nil
// filter of q (not set) and an empty one (every comment) have different keys.
func (q *Quantifier) AppendKey(buf []byte) []byte {
	if q == nil {
		return append(buf, '0')
	}
	for _, f := range []*CommentFilter{q.Some, q.None, q.All} {
		if f == nil {
			buf = append(buf, '-')
			continue
		}
		buf = append(buf, '(')
		buf = f.AppendKey(buf)
		buf = append(buf, ')')
	}
	return buf
}

// AppendKey appends a key of f's content, as CommentFilter.AppendKey does.
func (f *OrganizationFilter) AppendKey(buf []byte) []byte {
	if f == nil {
		return append(buf, '*')
	}
	buf = strconv.AppendInt(buf, int64(len(f.Name)), 10)
	buf = append(buf, ':')
	buf = append(buf, f.Name...)
	return f.Comments.AppendKey(buf)
}
