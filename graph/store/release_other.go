//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releaseMapped does nothing where pages of a memory map cannot be dropped (see
// release_linux.go).
func releaseMapped(*bolt.DB, *bolt.Tx) {}
