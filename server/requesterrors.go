package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"reflect"
	"strconv"
)

// Requests that are not GraphQL requests at all get an answer that says what is wrong in
// the client's terms and carries extensions.code: never the body back, never a Go type.

// allowedMethods are the methods /graphql serves.
const allowedMethods = "GET, POST, OPTIONS"

// refuseShape answers a request to /graphql whose method or media type no transport serves
// and says whether it did: 405 with Allow, or 415 with the type to send.
func refuseShape(w http.ResponseWriter, r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodOptions:
		return false
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err == nil && mt == "application/json" {
			return false
		}
		w.Header().Set("Accept-Post", "application/json")
		writeGraphQLError(w, http.StatusUnsupportedMediaType, "send the request as Content-Type: application/json, a JSON object with \"query\" (and \"variables\", \"operationName\")", "UNSUPPORTED_MEDIA_TYPE")
		return true
	}
	w.Header().Set("Allow", allowedMethods)
	writeGraphQLError(w, http.StatusMethodNotAllowed, r.Method+" is not served here: use POST (or GET for queries)", "METHOD_NOT_ALLOWED")
	return true
}

// writeUndecodable answers a POST whose body is not one GraphQL request object.
func writeUndecodable(w http.ResponseWriter, r *http.Request, body []byte, err error) {
	code, msg := "BAD_REQUEST", undecodableMessage(body, err)
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '[' {
		code, msg = "BATCH_NOT_SUPPORTED", "batched requests (a JSON array of operations) are not served: send one operation per request"
	}
	w.Header().Set("Content-Type", responseContentType(r))
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}},
		"data":   nil,
	})
}

// undecodableMessage says why body is not a request object, by position or field.
func undecodableMessage(body []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return `the request body is empty: send a JSON object with "query"`
	case errors.As(err, &syntax):
		return "the request body is not valid JSON (at byte " + strconv.FormatInt(syntax.Offset, 10) + ")"
	case errors.As(err, &typ) && typ.Field != "":
		return strconv.Quote(typ.Field) + " must be " + jsonKind(typ.Type) + ", not " + article(typ.Value)
	case errors.As(err, &typ):
		return "the request body must be a JSON object with \"query\", not " + article(typ.Value)
	}
	return "the request body is not valid JSON (it ends too early)"
}

// jsonKind names the JSON value a Go type is decoded from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}

func article(jsonValue string) string {
	switch jsonValue {
	case "array", "object":
		return "an " + jsonValue
	case "number", "string":
		return "a " + jsonValue
	}
	return jsonValue
}

// withCodes gives every error of a GraphQL error document without extensions.code the code
// of its status, so that a client can always branch on the code.
func withCodes(status int, doc []byte) []byte {
	if status < 400 || !bytes.Contains(doc, []byte(`"errors"`)) {
		return doc
	}
	var d map[string]json.RawMessage
	var errs []map[string]any
	if json.Unmarshal(doc, &d) != nil || json.Unmarshal(d["errors"], &errs) != nil {
		return doc
	}
	changed := false
	for _, e := range errs {
		ext, _ := e["extensions"].(map[string]any)
		if _, ok := ext["code"]; ok {
			continue
		}
		if ext == nil {
			ext = map[string]any{}
		}
		ext["code"] = statusCode(status)
		e["extensions"] = ext
		changed = true
	}
	if !changed {
		return doc
	}
	b, err := json.Marshal(errs)
	if err != nil {
		return doc
	}
	d["errors"] = b
	out, err := json.Marshal(d)
	if err != nil {
		return doc
	}
	return out
}

// statusCode is the error code of an HTTP status.
func statusCode(status int) string {
	switch status {
	case http.StatusMethodNotAllowed:
		return "METHOD_NOT_ALLOWED"
	case http.StatusNotFound:
		return "NOT_FOUND"
	case http.StatusRequestEntityTooLarge:
		return "BODY_TOO_LARGE"
	case http.StatusUnprocessableEntity:
		return "GRAPHQL_VALIDATION_FAILED"
	}
	return "BAD_REQUEST"
}
