package cmdline

import (
	"strconv"
	"strings"
)

// tokType is what the scanner knows a token to be, as in kong's scanner.
type tokType uint8

const (
	tUntyped    tokType = iota // an argument not looked at yet
	tEOL                       // past the last argument
	tFlag                      // --name (without the dashes)
	tFlagValue                 // the value after --name=
	tShort                     // -x (without the dash)
	tShortTail                 // what follows -x in the same argument
	tPositional                // a positional argument
)

func (t tokType) String() string {
	switch t {
	case tEOL:
		return "<EOL>"
	case tFlag:
		return "long flag"
	case tFlagValue:
		return "flag value"
	case tShort:
		return "short flag"
	case tShortTail:
		return "short flag remainder"
	case tPositional:
		return "positional argument"
	}
	return "untyped"
}

type token struct {
	s   string
	typ tokType
}

// String is the token as an error message shows it.
func (t token) String() string {
	switch t.typ {
	case tFlag:
		return "--" + t.s
	case tShort:
		return "-" + t.s
	case tEOL:
		return "EOL"
	}
	return t.s
}

// inferred is the type an untyped token would get from its dashes.
func (t token) inferred() tokType {
	if t.typ != tUntyped {
		return t.typ
	}
	switch {
	case strings.HasPrefix(t.s, "--"):
		return tFlag
	case t.s == "-":
		return tPositional
	case strings.HasPrefix(t.s, "-"):
		return tShort
	}
	return tUntyped
}

// isValue reports whether the token can be a flag's value.
func (t token) isValue() bool {
	switch t.inferred() {
	case tFlagValue, tShortTail, tPositional, tUntyped:
		return true
	}
	return false
}

// scanner hands out the arguments as tokens. Splitting an argument pushes
// its parts back in front (at most two at a time), so pending is a small
// stack whose top is the next token.
type scanner struct {
	args    []string
	next    int
	pending [4]token
	n       int
	rest    bool // after "--": every argument is positional
}

func (s *scanner) peek() token {
	if s.n > 0 {
		return s.pending[s.n-1]
	}
	if s.next < len(s.args) {
		if s.rest {
			return token{s.args[s.next], tPositional}
		}
		return token{s.args[s.next], tUntyped}
	}
	return token{typ: tEOL}
}

func (s *scanner) pop() token {
	t := s.peek()
	switch {
	case s.n > 0:
		s.n--
	case s.next < len(s.args):
		s.next++
	}
	return t
}

func (s *scanner) push(t token) {
	s.pending[s.n] = t
	s.n++
}

// expectedError is a missing or dash-prefixed value where one was needed.
type expectedError struct {
	what string
	tok  token
}

func (e *expectedError) Error() string {
	return "expected " + e.what + " value but got " + strconv.Quote(e.tok.String()) + " (" + e.tok.inferred().String() + ")"
}

// popValue takes the next token as a value of what.
func (s *scanner) popValue(what string) (token, error) {
	t := s.pop()
	if !t.isValue() {
		return t, &expectedError{what, t}
	}
	return t, nil
}
