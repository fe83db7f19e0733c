package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startCPUProfile writes a CPU profile of the whole command to the file named by
// $PCGRAPH_CPUPROFILE, for profiling commands that do not serve (load, bench's children,
// export): `PCGRAPH_CPUPROFILE=load.pprof pcgraph load …; go tool pprof load.pprof`.
// It returns the function that stops and flushes the profile.
func startCPUProfile() func() {
	path := os.Getenv("PCGRAPH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "pcgraph: PCGRAPH_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
