package graph

import (
	"errors"
	"fmt"
)

// Error codes: what kind of failure an error is. The server maps them to HTTP statuses and
// shows users only the message of EINVALID and ENOTFOUND errors.
const (
	EINVALID  = "invalid"   // bad input: a broken file, a bad filter
	ENOTFOUND = "not_found" // the thing asked for does not exist
	EINTERNAL = "internal"  // anything else; its details stay in the logs
)

// Error is pcgraph's one error type. File, Line and Column place input errors in their
// source, so that a researcher can open the file at the right spot.
type Error struct {
	Code    string
	File    string
	Line    int // 1-based; 0 when not about a line
	Column  int // 1-based; 0 when not about a column
	Message string
}

func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL when there is
// none, and "" for a nil error.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns what a user may see of err: the message of an *Error, or a
// generic text for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Error()
	}
	return "internal error"
}

// Wrap adds context to *errp when it is not nil, keeping its code:
//
//	defer graph.Wrap(&err, "ReadConsultation(%q)", slug)
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
