package spec

import (
	"strconv"
	"strings"
)

// BurntSushi/toml keeps key positions private, so the lines of keys are found by scanning the
// text of a file that has already parsed. The scanner knows just enough TOML to step over
// strings, comments and (possibly multi-line) arrays and inline tables; keys inside inline
// tables are not recorded and take the line of the key holding the table.

// keyLines maps a dotted key path to the line it first appears on. Every prefix of a path is
// recorded too: `fit.points = 3` records "fit" and "fit.points".
type keyLines map[string]int

func (k keyLines) record(path []string, line int) {
	for i := 1; i <= len(path); i++ {
		p := strings.Join(path[:i], ".")
		if _, ok := k[p]; !ok {
			k[p] = line
		}
	}
}

// scannedEntry is one [[approximant]] table.
type scannedEntry struct {
	line int      // line of the [[approximant]] header
	keys keyLines // keys of the entry, relative to it ("name", "fit", "fit.points")
}

// scanned is the key layout of one file.
type scanned struct {
	top     keyLines // keys outside the [[approximant]] tables ("approximant" included)
	entries []scannedEntry
}

const entryTable = "approximant"

// scanKeys returns the key layout of src, which must be valid TOML.
func scanKeys(src string) *scanned {
	s := &scanner{src: src, line: 1}
	res := &scanned{top: keyLines{}}
	cur, prefix := res.top, []string(nil) // where keys go; cur is nil inside unrelated tables
	for {
		s.skipBlank()
		if s.i >= len(s.src) {
			return res
		}
		line := s.line
		if s.src[s.i] == '[' {
			double := strings.HasPrefix(s.src[s.i:], "[[")
			s.i++
			if double {
				s.i++
			}
			path := s.keyPath()
			s.skipLine()
			switch {
			case double && len(path) == 1 && path[0] == entryTable:
				res.top.record(path, line)
				res.entries = append(res.entries, scannedEntry{line: line, keys: keyLines{}})
				cur, prefix = res.entries[len(res.entries)-1].keys, nil
			case len(path) > 1 && path[0] == entryTable && len(res.entries) > 0:
				// [approximant.fit]: a sub-table of the last entry.
				cur, prefix = res.entries[len(res.entries)-1].keys, path[1:]
				cur.record(prefix, line)
			default:
				res.top.record(path, line)
				cur, prefix = nil, nil
			}
			continue
		}
		path := s.keyPath()
		if cur != nil && len(path) > 0 {
			cur.record(append(append([]string(nil), prefix...), path...), line)
		}
		s.skipValue()
	}
}

type scanner struct {
	src  string
	i    int
	line int
}

// skipBlank skips white space, newlines and comments.
func (s *scanner) skipBlank() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			s.i++
			s.line++
		case '#':
			s.skipComment()
		default:
			return
		}
	}
}

// skipComment skips to the end of the line, leaving the newline.
func (s *scanner) skipComment() {
	if j := strings.IndexByte(s.src[s.i:], '\n'); j >= 0 {
		s.i += j
	} else {
		s.i = len(s.src)
	}
}

// skipLine skips past the next newline.
func (s *scanner) skipLine() {
	s.skipComment()
	if s.i < len(s.src) {
		s.i++
		s.line++
	}
}

func (s *scanner) skipSpace() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// keyPath reads a dotted key such as `fit`, `fit.points` or `"fit" . 'points'`.
func (s *scanner) keyPath() []string {
	var path []string
	for {
		s.skipSpace()
		if s.i >= len(s.src) {
			return path
		}
		switch c := s.src[s.i]; c {
		case '"':
			start := s.i
			s.skipString()
			raw := s.src[start:s.i]
			if u, err := strconv.Unquote(raw); err == nil {
				path = append(path, u)
			} else {
				path = append(path, strings.Trim(raw, `"`))
			}
		case '\'':
			start := s.i
			s.skipString()
			path = append(path, strings.Trim(s.src[start:s.i], "'"))
		default:
			start := s.i
			for s.i < len(s.src) && isBareKeyChar(s.src[s.i]) {
				s.i++
			}
			if s.i == start {
				return path
			}
			path = append(path, s.src[start:s.i])
		}
		s.skipSpace()
		if s.i >= len(s.src) || s.src[s.i] != '.' {
			return path
		}
		s.i++
	}
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// skipValue skips `= value` up to and including the newline ending it.
func (s *scanner) skipValue() {
	depth := 0
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case '\n':
			s.i++
			s.line++
			if depth <= 0 {
				return
			}
		case '#':
			s.skipComment()
		case '"', '\'':
			s.skipString()
		case '[', '{':
			depth++
			s.i++
		case ']', '}':
			depth--
			s.i++
		default:
			s.i++
		}
	}
}

// skipString skips a basic, literal or multi-line string starting at s.i.
func (s *scanner) skipString() {
	q := s.src[s.i]
	if strings.HasPrefix(s.src[s.i:], strings.Repeat(string(q), 3)) {
		s.i += 3
		for s.i < len(s.src) {
			c := s.src[s.i]
			switch {
			case c == '\\' && q == '"':
				s.i++
				if s.i < len(s.src) && s.src[s.i] == '\n' {
					s.line++
				}
				s.i++
			case c == '\n':
				s.line++
				s.i++
			case c == q && strings.HasPrefix(s.src[s.i:], strings.Repeat(string(q), 3)):
				s.i += 3
				// Up to two more quotes may end the content: """a""""" is `a""`.
				for n := 0; n < 2 && s.i < len(s.src) && s.src[s.i] == q; n++ {
					s.i++
				}
				return
			default:
				s.i++
			}
		}
		return
	}
	s.i++
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '\\' && q == '"':
			s.i += 2
		case c == q:
			s.i++
			return
		case c == '\n': // cannot happen in valid TOML; stop at the line's end
			return
		default:
			s.i++
		}
	}
}
