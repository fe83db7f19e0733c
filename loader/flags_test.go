package loader

import "flag"

// update rewrites golden files under testdata instead of comparing with them:
//
//	go test ./loader -run TestDispositionsGolden -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata")
