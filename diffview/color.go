package diffview

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
)

// ANSI SGR sequences used by Colorize.
const (
	ansiBold  = "\x1b[1m"
	ansiCyan  = "\x1b[36m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiReset = "\x1b[0m"
)

// Colorize returns diff (one or more unified diffs, as Unified writes them)
// with ANSI colours: file header lines bold, "@@" lines cyan, removed lines
// red, added lines green; context lines and "\ No newline" markers are left
// as they are. Each coloured line ends with a reset before its newline.
//
// Lines are classified by where they stand, not only by their first
// character: the hunk headers' line counts say which lines belong to a hunk,
// so a removed line that reads "-- x" (shown as "--- x") is red, not a
// header. Input that is not a well-formed diff is coloured by prefix alone.
func Colorize(diff []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(diff) + len(diff)/4)
	inHunk := false
	oldLeft, newLeft := 0, 0
	for len(diff) > 0 {
		line, rest, nl := bytes.Cut(diff, []byte("\n"))
		diff = rest

		color := ""
		switch {
		case inHunk && len(line) > 0 && line[0] == ' ':
			oldLeft--
			newLeft--
		case inHunk && len(line) > 0 && line[0] == '-':
			color = ansiRed
			oldLeft--
		case inHunk && len(line) > 0 && line[0] == '+':
			color = ansiGreen
			newLeft--
		case len(line) > 0 && line[0] == '\\':
			// "\ No newline at end of file": part of the line before it.
		case bytes.HasPrefix(line, []byte("@@ ")):
			color = ansiCyan
			var ok bool
			oldLeft, newLeft, ok = hunkCounts(line)
			if !ok {
				oldLeft, newLeft = -1, -1 // unknown: colour by prefix
			}
			inHunk = true
		case inHunk && len(line) == 0:
			// An empty context line whose space was stripped (some mailers
			// and editors do that); patch accepts it, so count it too.
			oldLeft--
			newLeft--
		case len(line) > 0:
			color = ansiBold
		}
		if inHunk && oldLeft == 0 && newLeft == 0 {
			inHunk = false
		}

		if color != "" {
			out.WriteString(color)
			out.Write(line)
			out.WriteString(ansiReset)
		} else {
			out.Write(line)
		}
		if nl {
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// hunkCounts reads the line counts of a hunk header "@@ -l[,s] +l[,s] @@".
func hunkCounts(line []byte) (oldN, newN int, ok bool) {
	f := bytes.Fields(line)
	if len(f) < 4 || string(f[0]) != "@@" || string(f[3]) != "@@" ||
		len(f[1]) < 2 || f[1][0] != '-' || len(f[2]) < 2 || f[2][0] != '+' {
		return 0, 0, false
	}
	count := func(r []byte) (int, bool) {
		_, n, found := bytes.Cut(r[1:], []byte(","))
		if !found {
			return 1, true
		}
		v, err := strconv.Atoi(string(n))
		return v, err == nil && v >= 0
	}
	oldN, ok1 := count(f[1])
	newN, ok2 := count(f[2])
	if !ok1 || !ok2 || oldN+newN == 0 {
		return 0, 0, false
	}
	return oldN, newN, true
}

// UseColor decides whether to colour output. mode is the value of a
// --color flag: "always" and "never" decide alone; "auto" (or "") looks at
// the environment through getenv (os.Getenv when nil):
//
//  1. FORCE_COLOR set to anything but "" or "0": colour;
//  2. NO_COLOR set to anything but "", or TERM=dumb: no colour;
//  3. otherwise colour exactly when the output is a terminal (isTTY, see
//     IsTerminal).
//
// Any other mode is an error.
func UseColor(mode string, getenv func(string) string, isTTY bool) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
	default:
		return false, fmt.Errorf("invalid color mode %q (want auto, always or never)", mode)
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	if v := getenv("FORCE_COLOR"); v != "" && v != "0" {
		return true, nil
	}
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false, nil
	}
	return isTTY, nil
}

// IsTerminal reports whether f looks like a terminal: a character device
// other than the null device. (golang.org/x/term is not a dependency of this
// module; this check needs no ioctl and is right for the streams a CLI
// writes to: terminals, pipes, files and /dev/null.)
func IsTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}
