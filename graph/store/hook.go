package store

// writeHook is called before each transaction that writes a consultation's graph; an
// error it returns fails the write there. Tests set it (export_hook_test.go) to fail a
// write part-way through WriteAll; it is nil-safe and does nothing otherwise.
var writeHookFn func(id string) error

func writeHook(id string) error {
	if writeHookFn == nil {
		return nil
	}
	return writeHookFn(id)
}
