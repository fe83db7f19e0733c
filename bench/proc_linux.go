package bench

import "syscall"

// childAttr makes the server die with the benchmark: a benchmark killed half-way must
// not leave a server holding its store.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM} }
