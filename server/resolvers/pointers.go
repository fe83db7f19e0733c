package resolvers

// pointers returns pointers to the elements of xs: gqlgen wants []*T for lists of the
// index's value types.
func pointers[T any](xs []T) []*T {
	out := make([]*T, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}
