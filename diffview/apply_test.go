package diffview

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// applyUnified applies a single-file unified diff to old, as patch would
// with no fuzz: every context and removed line must match exactly, hunk
// headers must give the right line counts, and hunks must be in order.
// It is written independently of the renderer, for the tests.
func applyUnified(old, diff []byte) ([]byte, error) {
	if len(diff) == 0 {
		return old, nil
	}
	oldLines := splitKeep(old)
	dl := splitKeep(diff)
	if len(dl) < 2 || !strings.HasPrefix(dl[0], "--- ") || !strings.HasPrefix(dl[1], "+++ ") {
		return nil, fmt.Errorf("missing file headers")
	}
	dl = dl[2:]
	var out []string
	next := 0 // index of the next old line not yet copied
	for len(dl) > 0 {
		aStart, aN, bStart, bN, err := parseHunkHeader(strings.TrimSuffix(dl[0], "\n"))
		if err != nil {
			return nil, err
		}
		dl = dl[1:]
		// Collect the hunk's lines, folding "\ No newline" markers into the
		// line before them.
		type hl struct {
			op   byte
			text string
		}
		var lines []hl
		for len(dl) > 0 && !strings.HasPrefix(dl[0], "@@ ") {
			l := dl[0]
			dl = dl[1:]
			if !strings.HasSuffix(l, "\n") {
				return nil, fmt.Errorf("diff line without newline: %q", l)
			}
			switch l[0] {
			case ' ', '-', '+':
				lines = append(lines, hl{l[0], l[1:]})
			case '\\':
				if len(lines) == 0 || !strings.HasSuffix(lines[len(lines)-1].text, "\n") {
					return nil, fmt.Errorf("misplaced %q", l)
				}
				last := &lines[len(lines)-1]
				last.text = strings.TrimSuffix(last.text, "\n")
			default:
				return nil, fmt.Errorf("bad hunk line %q", l)
			}
		}
		// Where the hunk starts in old (0-based).
		at := aStart - 1
		if aN == 0 {
			at = aStart
		}
		if at < next || at > len(oldLines) {
			return nil, fmt.Errorf("hunk at old line %d out of order or range", aStart)
		}
		want := len(out) + (at - next) // 0-based start of the hunk in new
		if bN != 0 {
			want++
		}
		if bStart != want {
			return nil, fmt.Errorf("hunk new start %d, want %d", bStart, want)
		}
		out = append(out, oldLines[next:at]...)
		next = at
		na, nb := 0, 0
		for _, l := range lines {
			switch l.op {
			case ' ', '-':
				if next >= len(oldLines) || oldLines[next] != l.text {
					return nil, fmt.Errorf("hunk @@ -%d: line %q does not match old line %d", aStart, l.text, next+1)
				}
				next++
				na++
				if l.op == ' ' {
					out = append(out, l.text)
					nb++
				}
			case '+':
				out = append(out, l.text)
				nb++
			}
		}
		if na != aN || nb != bN {
			return nil, fmt.Errorf("hunk @@ -%d: counts %d,%d, header says %d,%d", aStart, na, nb, aN, bN)
		}
		// A line without newline may only end a file.
		for i, l := range out[:max(len(out)-1, 0)] {
			if !strings.HasSuffix(l, "\n") {
				return nil, fmt.Errorf("line %d of the result lacks its newline", i+1)
			}
		}
	}
	out = append(out, oldLines[next:]...)
	return []byte(strings.Join(out, "")), nil
}

func splitKeep(b []byte) []string {
	return splitLines(string(b))
}

// splitLines cuts s after every "\n"; a last line without one is kept.
func splitLines(s string) []string {
	lines := []string{}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(lines, s)
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

func parseHunkHeader(h string) (aStart, aN, bStart, bN int, err error) {
	var a, b string
	if _, err = fmt.Sscanf(h, "@@ -%s +%s @@", &a, &b); err != nil || !strings.HasSuffix(h, " @@") {
		return 0, 0, 0, 0, fmt.Errorf("bad hunk header %q", h)
	}
	rng := func(s string) (int, int, error) {
		st, n, found := strings.Cut(s, ",")
		start, err := strconv.Atoi(st)
		if err != nil {
			return 0, 0, err
		}
		if !found {
			return start, 1, nil
		}
		cnt, err := strconv.Atoi(n)
		if err == nil && cnt == 1 {
			err = fmt.Errorf("GNU diff omits ,1")
		}
		return start, cnt, err
	}
	if aStart, aN, err = rng(a); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("bad hunk header %q: %v", h, err)
	}
	if bStart, bN, err = rng(b); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("bad hunk header %q: %v", h, err)
	}
	return aStart, aN, bStart, bN, nil
}

// gnuDiff runs GNU `diff -u` with the same labels Unified gets.
func gnuDiff(t testing.TB, dir string, old, new []byte) []byte {
	t.Helper()
	a, b := writeTemp(t, dir, "old", old), writeTemp(t, dir, "new", new)
	cmd := exec.Command("diff", "-a", "-u", "--label", "a/f", "--label", "b/f", a, b)
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("diff: %v", err)
		}
	}
	return out
}

// patchApply runs patch(1) on a copy of old with diff, with no fuzz and no
// CRLF heuristics, and returns the result.
func patchApply(t testing.TB, dir string, old, diff []byte) ([]byte, error) {
	t.Helper()
	a := writeTemp(t, dir, "target", old)
	p := writeTemp(t, dir, "patch", diff)
	o := filepath.Join(dir, "result")
	cmd := exec.Command("patch", "--binary", "-F", "0", "-s", "-f", "--no-backup-if-mismatch", "-r", "-", "-o", o, a, p)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("patch: %v: %s", err, out)
	}
	return readFile(o)
}

func requireTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is needed by these tests (apt-get install %s): %v", name, name, err)
	}
}

func countPlusMinus(diff []byte) (added, removed int) {
	for i, l := range splitKeep(diff) {
		if i < 2 {
			continue
		}
		switch {
		case strings.HasPrefix(l, "+"):
			added++
		case strings.HasPrefix(l, "-"):
			removed++
		}
	}
	return
}

func writeTemp(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(p string) ([]byte, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return b, nil
}
