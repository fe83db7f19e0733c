package bench

import (
	"os"
	"syscall"
)

// childAttr makes the server die with the benchmark: a benchmark killed half-way must
// not leave a server holding its store.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM} }

// maxRSS is the peak resident set size of a finished child, in bytes (getrusage's
// ru_maxrss, which Linux gives in KiB).
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}
