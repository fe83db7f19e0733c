package store

import (
	"log"
	"os"

	"github.com/cayleygraph/cayley/clog"
)

// Cayley logs through its own logger, and logs as errors things pcgraph expects and
// handles (opening a store that already exists). Its messages are shown only when
// PCGRAPH_DEBUG is set; the errors pcgraph reports carry what a user needs.
func init() {
	if os.Getenv("PCGRAPH_DEBUG") == "" {
		clog.SetLogger(quiet{})
	}
}

type quiet struct{}

func (quiet) Infof(string, ...any)    {}
func (quiet) Warningf(string, ...any) {}
func (quiet) Errorf(string, ...any)   {}
func (quiet) Fatalf(format string, args ...any) {
	log.Fatalf(format, args...)
}
func (quiet) V(int) bool { return false }
func (quiet) SetV(int)   {}
