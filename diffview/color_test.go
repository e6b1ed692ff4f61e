package diffview

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestColorize(t *testing.T) {
	const (
		B = "\x1b[1m"
		C = "\x1b[36m"
		R = "\x1b[31m"
		G = "\x1b[32m"
		Z = "\x1b[0m"
	)
	// A removed line "-- x" shows as "--- x" and an added "++ y" as "+++ y":
	// inside a hunk they are red and green, not headers.
	diff := Unified("a/flake.lock", "b/flake.lock",
		[]byte("keep\n-- x\nkeep\n"), []byte("keep\n++ y\nkeep\nend"))
	got := string(Colorize(diff))
	want := B + "--- a/flake.lock" + Z + "\n" +
		B + "+++ b/flake.lock" + Z + "\n" +
		C + "@@ -1,3 +1,4 @@" + Z + "\n" +
		" keep\n" +
		R + "--- x" + Z + "\n" +
		G + "+++ y" + Z + "\n" +
		" keep\n" +
		G + "+end" + Z + "\n" +
		"\\ No newline at end of file\n"
	if got != want {
		t.Errorf("Colorize:\n%q\nwant\n%q", got, want)
	}
	// Two diffs in a row: the second file's headers are headers again.
	two := append(append([]byte(nil), diff...), diff...)
	if got := string(Colorize(two)); got != want+want {
		t.Errorf("Colorize of two diffs:\n%q", got)
	}
	// CRLF content stays inside the colour; no text is lost or added.
	crlf := Unified("a/f", "b/f", []byte("a\r\n"), []byte("b\r\n"))
	cg := Colorize(crlf)
	if !strings.Contains(string(cg), R+"-a\r"+Z+"\n") {
		t.Errorf("CRLF: %q", cg)
	}
	for _, in := range [][]byte{diff, two, crlf, []byte("@@ bogus\n-x\nno newline at end"), nil} {
		if s := strip(string(Colorize(in))); s != string(in) {
			t.Errorf("Colorize changed the text: %q -> %q", in, s)
		}
	}
}

func strip(s string) string {
	for _, c := range []string{"\x1b[1m", "\x1b[36m", "\x1b[31m", "\x1b[32m", "\x1b[0m"} {
		s = strings.ReplaceAll(s, c, "")
	}
	return s
}

func TestUseColor(t *testing.T) {
	tests := []struct {
		mode string
		env  map[string]string
		tty  bool
		want bool
	}{
		{"auto", nil, true, true},
		{"auto", nil, false, false},
		{"", nil, true, true},
		{"auto", map[string]string{"NO_COLOR": "1"}, true, false},
		{"auto", map[string]string{"NO_COLOR": ""}, true, true},
		{"auto", map[string]string{"TERM": "dumb"}, true, false},
		{"auto", map[string]string{"TERM": "xterm-256color"}, true, true},
		{"auto", map[string]string{"FORCE_COLOR": "1"}, false, true},
		{"auto", map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "dumb"}, false, true},
		{"auto", map[string]string{"FORCE_COLOR": "0"}, false, false},
		{"auto", map[string]string{"FORCE_COLOR": "0"}, true, true},
		{"auto", map[string]string{"FORCE_COLOR": "0", "NO_COLOR": "1"}, true, false},
		{"auto", map[string]string{"FORCE_COLOR": ""}, false, false},
		{"always", map[string]string{"NO_COLOR": "1", "TERM": "dumb"}, false, true},
		{"never", map[string]string{"FORCE_COLOR": "1"}, true, false},
	}
	for _, tc := range tests {
		getenv := func(k string) string { return tc.env[k] }
		got, err := UseColor(tc.mode, getenv, tc.tty)
		if err != nil || got != tc.want {
			t.Errorf("UseColor(%q, %v, %v) = %v, %v; want %v", tc.mode, tc.env, tc.tty, got, err, tc.want)
		}
	}
	for _, bad := range []string{"yes", "Always", "1"} {
		if _, err := UseColor(bad, func(string) string { return "" }, true); err == nil {
			t.Errorf("UseColor(%q) accepted", bad)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	if IsTerminal(nil) {
		t.Error("nil is a terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if IsTerminal(w) {
		t.Error("pipe is a terminal")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Error("regular file is a terminal")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if IsTerminal(null) {
		t.Error(os.DevNull + " is a terminal")
	}
	// A real terminal, when the test has one (not under CI).
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if errors.Is(err, os.ErrNotExist) || err != nil {
		t.Logf("no /dev/tty here (%v); terminal case not checked", err)
		return
	}
	defer tty.Close()
	if !IsTerminal(tty) {
		t.Error("/dev/tty is not a terminal")
	}
}
