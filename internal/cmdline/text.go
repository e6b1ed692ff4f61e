package cmdline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// docText formats text as go/doc's ToText does (kong formats every help
// text with it), for the texts this package supports: paragraphs separated
// by blank lines, each filled to width runes with the fewest ragged edges
// (see fill); a paragraph of one line that go/doc takes for a heading is
// printed as "# " and the heading. A width of 0 means 80; a negative
// width, no limit.
func docText(text string, width int) []byte {
	if width == 0 {
		width = 80
	}
	lines := unindent(strings.Split(text, "\n"))
	var out []byte
	for i := 0; i < len(lines); {
		if lines[i] == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && lines[i] != "" {
			i++
		}
		if len(out) > 0 {
			out = append(out, '\n')
		}
		para := lines[start:i]
		if len(para) == 1 && isHeading(para[0]) {
			out = append(out, "# "...)
			out = fill(out, strings.Fields(strings.TrimSpace(para[0][1:])), width)
			continue
		}
		if len(para) == 1 && isOldHeading(lines, start) {
			out = append(out, "# "...)
			out = fill(out, strings.Fields(strings.TrimSpace(para[0])), width)
			continue
		}
		out = fill(out, strings.Fields(smartQuotes(strings.Join(para, "\n"))), width)
	}
	return out
}

// unindent drops leading and trailing blank lines, removes the indentation
// all lines share, and empties lines of spaces.
func unindent(lines []string) []string {
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil
	}
	prefix := leading(lines[0])
	for _, l := range lines[1:] {
		if !blank(l) {
			n := 0
			lp := leading(l)
			for n < len(prefix) && n < len(lp) && prefix[n] == lp[n] {
				n++
			}
			prefix = prefix[:n]
		}
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = strings.TrimPrefix(l, prefix)
		if strings.TrimSpace(l) == "" {
			l = ""
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func blank(s string) bool { return s == "" || s == "\n" }

func leading(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[:i]
}

// isHeading: "# Title" on a line of its own.
func isHeading(line string) bool {
	return len(line) >= 2 && line[0] == '#' && (line[1] == ' ' || line[1] == '\t') && strings.TrimSpace(line) != "#"
}

// isOldHeading is go/doc's older rule for a heading: a line alone between
// blank lines, followed by more text, that starts with a capital letter,
// ends in a letter or digit and has no punctuation but for a few marks.
func isOldHeading(all []string, at int) bool {
	if at <= 0 || all[at-1] != "" || at+2 >= len(all) || all[at+1] != "" || leading(all[at+2]) != "" {
		return false
	}
	line := strings.TrimSpace(all[at])
	r, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsLetter(r) || !unicode.IsUpper(r) {
		return false
	}
	r, _ = utf8.DecodeLastRuneInString(line)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	if strings.ContainsAny(line, ";:!?+*/=[]{}_^°&§~%#@<\">\\") {
		return false
	}
	for b := line; ; {
		var ok bool
		if _, b, ok = strings.Cut(b, "'"); !ok {
			break
		}
		if b != "s" && !strings.HasPrefix(b, "s ") {
			return false
		}
	}
	for b := line; ; {
		var ok bool
		if _, b, ok = strings.Cut(b, "."); !ok {
			break
		}
		if b == "" || strings.HasPrefix(b, " ") {
			return false
		}
	}
	return true
}

// smartQuotes turns “ into “ and ” into ”, leaving runs of three or
// more backquotes alone, as go/doc does in running text.
func smartQuotes(s string) string {
	if !strings.Contains(s, "``") && !strings.Contains(s, "''") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "```"):
			j := i + 3
			for j < len(s) && s[j] == '`' {
				j++
			}
			b.WriteString(s[i:j])
			i = j
		case strings.HasPrefix(s[i:], "``"):
			b.WriteString("“")
			i += 2
		case strings.HasPrefix(s[i:], "''"):
			b.WriteString("”")
			i += 2
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// interp does what kong's interpolation does to a text without ${…}
// variables: "$$" becomes "$", any other "$" stays.
func interp(s string) string {
	if !strings.Contains(s, "$$") {
		return s
	}
	return strings.ReplaceAll(s, "$$", "$")
}
