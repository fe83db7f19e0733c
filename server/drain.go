package server

import (
	"io"
	"net/http"
	"strings"
	"time"
)

// A request refused for its size (413) is answered before its body has been read. A client
// that writes its whole body before it reads the answer (Python's urllib, most scripts)
// then finds the connection reset under it when the server closes a connection with unread
// bytes, and never sees the 413. So the rest of a body is read and thrown away, up to
// drainLimit bytes and for at most drainTime, after the answer has been sent; a body larger
// than that still ends in a closed connection.
const (
	drainLimit = 64 << 20
	drainTime  = 10 * time.Second
)

// readCounter counts the bytes a handler read from a request body.
type readCounter struct {
	io.ReadCloser
	n int64
}

func (c *readCounter) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n += int64(n)
	return n, err
}

// serveDrained serves r with next, then discards what is left of its body.
func serveDrained(next http.Handler, w http.ResponseWriter, r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		next.ServeHTTP(w, r)
		return
	}
	body := &readCounter{ReadCloser: r.Body}
	r.Body = body
	next.ServeHTTP(w, r)
	// net/http looks at the body it gave the handler to decide what to do with an unread
	// "100-continue" body (close, not read): give it back.
	r.Body = body.ReadCloser
	// A client that asked to wait for "100 Continue" before sending its body, and was
	// answered without it, sends nothing more.
	if body.n == 0 && strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		return
	}
	var one [1]byte
	if n, _ := body.ReadCloser.Read(one[:]); n == 0 {
		return // read to its end already
	}
	rc := http.NewResponseController(w)
	rc.Flush()
	rc.SetReadDeadline(time.Now().Add(drainTime))
	io.CopyN(io.Discard, body.ReadCloser, drainLimit)
}
