package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// postJSON is gqlgen's POST transport (transport.POST) with a cheaper way of writing the
// answer to a request that executed without errors. gqlgen writes every response with
// json.Marshal, which validates and compacts the data byte by byte although the executor
// wrote it as compact JSON already: a quarter of the CPU time of a commentStats request,
// and a copy of the whole answer. postJSON writes the same bytes — the data with <, >, &,
// U+2028 and U+2029 escaped, as json.Marshal escapes them — in one pass.
//
// A body that is not one JSON request object is answered by writeUndecodable, which says
// why without echoing it (transport.POST echoes the whole body and names Go types).
// Everything else is transport.POST's own work: a request whose body cannot be read, or
// whose operation does not parse, validate or coerce, is handed to it whole
// (the body as read), so that its status and error document stay gqlgen's; a response
// with errors is written by json.Marshal. TestPostJSON compares the two byte for byte.
type postJSON struct{ post transport.POST }

var _ graphql.Transport = postJSON{}

func (t postJSON) Supports(r *http.Request) bool { return t.post.Supports(r) }

func (t postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	body, readErr := io.ReadAll(r.Body)
	fallback := func() {
		var rest io.Reader = bytes.NewReader(body)
		if readErr != nil {
			rest = io.MultiReader(rest, errorReader{readErr})
		}
		r.Body = io.NopCloser(rest)
		t.post.Do(w, r, exec)
	}
	if readErr != nil {
		fallback()
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		writeUndecodable(w, r, body, err) // transport.POST would echo the body
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	ctx := r.Context()
	oc, errs := exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		fallback()
		return
	}
	w.Header().Add("Content-Type", responseContentType(r))
	responses, ctx := exec.DispatchOperation(ctx, oc)
	writeResponse(w, responses(ctx))
}

// responseContentType is the media type transport.POST answers r with: the first of
// application/json and application/graphql-response+json that r accepts (application/json
// for anything, or no Accept), or else application/graphql-response+json.
func responseContentType(r *http.Request) string {
	const plain, graphQL = "application/json", "application/graphql-response+json"
	accept := r.Header.Get("Accept")
	if accept == "" {
		return plain
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", plain:
			return plain
		case graphQL:
			return graphQL
		}
	}
	return graphQL
}

// dataPrefix starts the JSON of a response without errors.
var dataPrefix = []byte(`{"data":`)

// writeResponse writes resp as json.Marshal does. When resp has data and no errors, the
// rest of the response is marshalled around a stand-in for the data, and the data is
// written, escaped, in place of it.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if len(resp.Errors) == 0 && len(resp.Data) > 0 {
		rest := *resp
		rest.Data = json.RawMessage("0")
		if b, err := json.Marshal(&rest); err == nil && bytes.HasPrefix(b, dataPrefix) && len(b) > len(dataPrefix) && b[len(dataPrefix)] == '0' {
			w.Write(dataPrefix)
			writeHTMLEscaped(w, resp.Data)
			w.Write(b[len(dataPrefix)+1:])
			return
		}
	}
	b, err := json.Marshal(resp)
	if err != nil {
		panic(fmt.Errorf("unable to marshal %s: %w", string(resp.Data), err)) // as transport.POST does
	}
	w.Write(b)
}

// writeHTMLEscaped writes JSON src as json.HTMLEscape does: with <, >, &, U+2028 and
// U+2029 escaped as \u003c, \u003e, \u0026, \u2028 and \u2029. The runs between them
// are written as they are, without a copy.
func writeHTMLEscaped(w io.Writer, src []byte) {
	start := 0
	for i := 0; i < len(src); i++ {
		var esc []byte
		switch c := src[i]; {
		case c == '<':
			esc = escLess
		case c == '>':
			esc = escGreater
		case c == '&':
			esc = escAmp
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2] == 0xA8:
			esc = escLineSep
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2] == 0xA9:
			esc = escParaSep
		default:
			continue
		}
		w.Write(src[start:i])
		w.Write(esc)
		if esc[2] == '2' { // a three-byte separator
			i += 2
		}
		start = i + 1
	}
	w.Write(src[start:])
}

var (
	escLess    = []byte(`\u003c`)
	escGreater = []byte(`\u003e`)
	escAmp     = []byte(`\u0026`)
	escLineSep = []byte(`\u2028`)
	escParaSep = []byte(`\u2029`)
)

// errorReader fails every read with err.
type errorReader struct{ err error }

func (r errorReader) Read([]byte) (int, error) { return 0, r.err }
