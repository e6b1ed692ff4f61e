package flakenix

import (
	"strings"
	"testing"
	"time"
)

// Lexing and parsing stay linear on long runs that several lexer rules
// could start (a.a.a…: identifiers, dots, a path or URI candidate each time).
func TestLinearOnLongRuns(t *testing.T) {
	for _, unit := range []string{"a.", "a.a_", "1.", "a-", "x+", "a.b:"} {
		small := "[ " + strings.Repeat(unit, 2000) + " ]"
		big := "[ " + strings.Repeat(unit, 64000) + " ]"
		// Best of three: on a loaded machine one run can be descheduled
		// for longer than the whole bound.
		measure := func(s string) time.Duration {
			best := time.Duration(1<<63 - 1)
			for range 3 {
				start := time.Now()
				lex([]byte(s))
				best = min(best, time.Since(start))
			}
			return best
		}
		ts, tb := measure(small), measure(big)
		if tb > 100*ts+50*time.Millisecond {
			t.Errorf("%q: 32x the input took %v vs %v", unit, tb, ts)
		}
	}
}
