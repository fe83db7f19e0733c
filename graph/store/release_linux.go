package store

import (
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releaseMapped drops the pages of the bbolt file that a read has touched from the
// process's resident set. bbolt reads through a read-only shared memory map, so a pass
// over the whole store would otherwise count the whole file — gigabytes at 100,000
// comments — as the server's memory. The pages stay in the kernel's page cache: reading
// them again costs a minor fault, not a disk read.
func releaseMapped(db *bolt.DB, tx *bolt.Tx) {
	size := uintptr(tx.Size())
	if size == 0 {
		return
	}
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, db.Info().Data, size, unix.MADV_DONTNEED)
}
