package store

// SetWriteHook makes every write of a consultation's graph call fn first, failing with
// its error; it returns the undo.
func SetWriteHook(fn func(id string) error) func() {
	writeHookFn = fn
	return func() { writeHookFn = nil }
}

// SetChunkQuads sets about how many quads a bulk bbolt write puts in one transaction;
// it returns the undo.
func SetChunkQuads(n int) func() {
	old := chunkQuads
	chunkQuads = n
	return func() { chunkQuads = old }
}

// SetLogScan makes readAllBolt read the log in parts ranges of at least minIDs IDs each;
// it returns the undo.
func SetLogScan(parts int, minIDs uint64) func() {
	oldParts, oldRange := scanParts, scanRange
	scanParts, scanRange = func() int { return parts }, minIDs
	return func() { scanParts, scanRange = oldParts, oldRange }
}
