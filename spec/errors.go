package spec

import (
	"strconv"
	"strings"
)

// Error is one problem found in a spec file. Its text reads like a compiler's:
//
//	FILE:LINE: ENTRY: FIELD: MSG
//
// Empty parts are left out: Line is 0 when the file could not be read, Entry is empty for
// problems outside any [[approximant]] (e.g. an unknown top-level key, a syntax error), and
// Field is empty for a syntax error.
type Error struct {
	File  string // the path as given to Load
	Line  int    // 1-based line of the offending key, or of the entry's [[approximant]] header
	Entry string // the entry's name, or "approximant #N" (N counted from 1 in its file) if it has none
	Field string // the entry's top-level key ("fit", "bound", "pade", ...); sub-keys are named in Msg
	Msg   string // what is wrong
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	for _, s := range []string{e.Entry, e.Field, e.Msg} {
		if s != "" {
			b.WriteString(": ")
			b.WriteString(s)
		}
	}
	return b.String()
}

// Errors is every problem Load found, sorted by file (in the order given to Load) and line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.Is and errors.As see the individual errors.
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}
