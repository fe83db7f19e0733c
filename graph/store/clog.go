package store

import (
	"log"

	"github.com/cayleygraph/cayley/clog"
)

// QuietCayley silences Cayley's own logger for the whole process. Cayley logs as errors
// things pcgraph expects and handles (opening a store that already exists); the errors
// pcgraph reports carry what a user needs. The program decides (pcgraph: unless
// PCGRAPH_DEBUG is set); a library should not replace a global logger on import.
func QuietCayley() { clog.SetLogger(quiet{}) }

type quiet struct{}

func (quiet) Infof(string, ...any)    {}
func (quiet) Warningf(string, ...any) {}
func (quiet) Errorf(string, ...any)   {}
func (quiet) Fatalf(format string, args ...any) {
	log.Fatalf(format, args...)
}
func (quiet) V(int) bool { return false }
func (quiet) SetV(int)   {}
