//go:build !linux

package bench

import (
	"os"
	"syscall"
)

func childAttr() *syscall.SysProcAttr { return nil }

// maxRSS is not known here.
func maxRSS(*os.ProcessState) int64 { return 0 }
