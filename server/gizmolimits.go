package server

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	rtmetrics "runtime/metrics"
	"strconv"
	"time"
)

// Gizmo runs JavaScript in Cayley's embedded interpreter (goja), which has no memory limit
// of its own: `"x".repeat(5e7)` ten times holds 500 MB. Three bounds keep one query from
// taking the server's memory:
//
//   - gizmoPrelude, run before each query in the same interpreter, refuses any one call of
//     the builtins that make a large string or array at once (repeat, padStart, padEnd,
//     join, fill, Array(n)) beyond gizmoMaxValue;
//   - watchMemory stops a query whose memory grows step by step (a string doubled in a
//     loop, an array pushed to): Gizmo queries run one at a time (gizmoSlot), and when the
//     heap has grown by Limits.GizmoMemory since the query began, a collection tells live
//     memory from garbage, and the query is stopped if its live memory grew that much;
//   - the answer is encoded as it is collected and refused beyond gizmoMaxResult bytes.
const (
	gizmoMaxValue  = 1 << 24 // characters of one string, elements of one array
	gizmoMaxResult = 8 << 20 // bytes of the JSON answer
	memoryPoll     = 2 * time.Millisecond
)

var (
	errGizmoMemory = errors.New("the query used more memory than a Gizmo query may")
	errGizmoResult = errors.New("the answer is larger than " + strconv.Itoa(gizmoMaxResult>>20) + " MiB, the limit of a Gizmo answer: ask for fewer or smaller values")
)

// gizmoSlot lets one Gizmo query run at a time, so that the heap's growth is its own.
var gizmoSlot = make(chan struct{}, 1)

// gizmoPrelude wraps the builtins that allocate in proportion to an argument.
var gizmoPrelude = `(function () {
  var max = ` + strconv.Itoa(gizmoMaxValue) + `;
  function refuse(what) { throw new RangeError(what + " would be larger than " + max + ", the limit of one value in a Gizmo query"); }
  function guard(proto, name, size) {
    var f = proto[name];
    Object.defineProperty(proto, name, { value: function () {
      if (size(this, arguments) > max) refuse(name);
      return f.apply(this, arguments);
    }, writable: false, configurable: false });
  }
  guard(String.prototype, "repeat", function (s, a) { return String(s).length * Number(a[0]); });
  guard(String.prototype, "padStart", function (s, a) { return Number(a[0]); });
  guard(String.prototype, "padEnd", function (s, a) { return Number(a[0]); });
  guard(Array.prototype, "join", function (s, a) { return s.length * (1 + (a[0] === undefined ? 1 : String(a[0]).length)); });
  guard(Array.prototype, "fill", function (s, a) { return s.length; });
  var A = Array;
  Array = function (n) {
    if (arguments.length === 1 && typeof n === "number" && n > max) refuse("Array(" + n + ")");
    return A.apply(this, arguments);
  };
  Array.prototype = A.prototype; Array.isArray = A.isArray; Array.from = A.from; Array.of = A.of;
})();`

// watchMemory calls stop with errGizmoMemory once the live heap has grown by more than
// budget bytes since it was called, until the returned function is called.
func watchMemory(budget uint64, stop context.CancelCauseFunc) (done func()) {
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		rtmetrics.Read(sample)
		base, live := sample[0].Value.Uint64(), sample[1].Value.Uint64()
		tick := time.NewTicker(memoryPoll)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			rtmetrics.Read(sample)
			if now := sample[0].Value.Uint64(); now <= base || now-base <= budget {
				continue
			}
			// The heap grew: by the query, or by garbage of other requests.
			runtime.GC()
			rtmetrics.Read(sample)
			if now := sample[1].Value.Uint64(); now > live && now-live > budget {
				stop(fmt.Errorf("%w: more than %d MiB", errGizmoMemory, budget>>20))
				return
			}
			base = sample[0].Value.Uint64()
		}
	}()
	return func() { close(quit); <-finished }
}
