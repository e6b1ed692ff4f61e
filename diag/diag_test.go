package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{File: "flake.lock", Pos: Pos{Line: 3, Col: 7}, What: "bad", Why: "because"}, "flake.lock:3:7: bad: because"},
		{&Error{File: "flake.lock", What: "bad"}, "flake.lock: bad"},
		{&Error{What: "bad", Why: "x"}, "bad: x"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestHintThroughWrapping(t *testing.T) {
	err := fmt.Errorf("reading: %w", &Error{What: "x", Hint: "do y"})
	if got := Hint(err); got != "do y" {
		t.Errorf("Hint = %q", got)
	}
	if got := Hint(errors.New("plain")); got != "" {
		t.Errorf("Hint of plain error = %q", got)
	}
}

func TestUnwrapKeepsTheCause(t *testing.T) {
	cause := fs.ErrNotExist
	err := fmt.Errorf("planning: %w", &Error{File: "flake.lock", What: "cannot read", Err: cause})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", err)
	}
	var d *Error
	if !errors.As(err, &d) || d.File != "flake.lock" {
		t.Errorf("errors.As found %+v", d)
	}
	if got := (&Error{What: "x"}).Unwrap(); got != nil {
		t.Errorf("Unwrap without a cause = %v", got)
	}
}

func TestPosOf(t *testing.T) {
	src := []byte("ab\ncd\n\nx")
	for _, tc := range []struct {
		off  int
		want Pos
	}{
		{0, Pos{1, 1, 0}}, {2, Pos{1, 3, 2}}, {3, Pos{2, 1, 3}}, {7, Pos{4, 1, 7}}, {99, Pos{4, 2, 8}},
	} {
		if got := PosOf(src, tc.off); got != tc.want {
			t.Errorf("PosOf(%d) = %+v, want %+v", tc.off, got, tc.want)
		}
	}
}

// Lines agrees with counting newlines byte by byte at every offset.
func TestLinesAgreesWithCounting(t *testing.T) {
	count := func(src string, off int) Pos {
		off = max(0, min(off, len(src)))
		line, col := 1, 1
		for i := 0; i < off; i++ {
			if src[i] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		return Pos{Line: line, Col: col, Offset: off}
	}
	for _, src := range []string{"", "x", "ab\ncd\n\nx", "\n\n\n", "no newline at end", "é\nü\n"} {
		lines := NewLines([]byte(src))
		for off := 0; off <= len(src)+1; off++ {
			if got, want := lines.Pos(off), count(src, off); got != want {
				t.Errorf("%q offset %d: Lines.Pos = %+v, counting gives %+v", src, off, got, want)
			}
		}
	}
}
