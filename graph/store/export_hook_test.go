package store

// SetWriteHook makes every write of a consultation's graph call fn first, failing with
// its error; it returns the undo.
func SetWriteHook(fn func(id string) error) func() {
	writeHookFn = fn
	return func() { writeHookFn = nil }
}

// SetChunkComments sets how many comments a chunked bbolt write puts in one
// transaction; it returns the undo.
func SetChunkComments(n int) func() {
	old := chunkComments
	chunkComments = n
	return func() { chunkComments = old }
}
