package cmdline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// flagName turns a field name into a flag name as kong does: the
// camel-case words joined by dashes, lower-cased (NoCommit: no-commit,
// JSON: json, ForgeURL: forge-url).
func flagName(s string) string {
	if n, ok := asciiFlagName(s); ok {
		return n
	}
	return strings.ToLower(dashed(s))
}

// asciiFlagName is flagName for an ASCII field name.
func asciiFlagName(s string) (string, bool) {
	var buf [64]byte
	out, ok := appendFlagName(buf[:0], s)
	if !ok {
		return "", false
	}
	if string(out) == s {
		return s, true
	}
	return string(out), true
}

// appendFlagName appends flagName(s) to dst when s is ASCII, placing the
// dashes where dashed would, without allocating; ok is false (and dst
// unchanged) for other names.
func appendFlagName(dst []byte, s string) ([]byte, bool) {
	class := func(c byte) int {
		switch {
		case 'a' <= c && c <= 'z':
			return 1
		case 'A' <= c && c <= 'Z':
			return 2
		case '0' <= c && c <= '9':
			return 3
		}
		return 4
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return dst, false
		}
	}
	for i := 0; i < len(s); i++ {
		// A word starts at i when the class changes, except that a capital
		// followed by a lower-case letter starts the word itself, taking
		// it from the run of capitals before.
		start := false
		if i > 0 {
			prev, cur := class(s[i-1]), class(s[i])
			switch {
			case prev == 2 && cur == 1:
				start = false // the capital before already started this word
			case prev != cur:
				start = true
			}
			if cur == 2 && i+1 < len(s) && class(s[i+1]) == 1 && prev == 2 {
				start = true
			}
		}
		if start {
			dst = append(dst, '-')
		}
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// dashed splits s into camel-case words and joins them with dashes. A run
// of capitals followed by a lower-case letter gives its last capital to
// the next word (URLPath: URL-Path); digits and other characters make
// runs of their own.
func dashed(s string) string {
	if !utf8.ValidString(s) {
		return s
	}
	class := func(r rune) int {
		switch {
		case unicode.IsLower(r):
			return 1
		case unicode.IsUpper(r):
			return 2
		case unicode.IsDigit(r):
			return 3
		}
		return 4
	}
	var runs [][]rune
	last := 0
	for _, r := range s {
		c := class(r)
		if c == last {
			runs[len(runs)-1] = append(runs[len(runs)-1], r)
		} else {
			runs = append(runs, []rune{r})
		}
		last = c
	}
	for i := 0; i+1 < len(runs); i++ {
		if unicode.IsUpper(runs[i][0]) && unicode.IsLower(runs[i+1][0]) {
			moved := runs[i][len(runs[i])-1]
			runs[i+1] = append([]rune{moved}, runs[i+1]...)
			runs[i] = runs[i][:len(runs[i])-1]
		}
	}
	var b strings.Builder
	for _, r := range runs {
		if len(r) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(string(r))
	}
	return b.String()
}
