package prbody

import (
	"strings"

	"github.com/flake-unify/flake-unify/internal/lazy"
)

// Everything taken from a lock or a flake.nix (input names, branches, URLs,
// reasons that quote them) is untrusted here: a quoted Nix attribute name
// may hold any character, and the body is rendered as GitHub-flavoured
// markdown with inline HTML. These helpers keep such text literal.

// text escapes s for markdown text that does not start a line (a table
// cell, the rest of a list item): every character that could act there is
// backslash-escaped (CommonMark allows that for any ASCII punctuation),
// GitHub's $math$, @mentions and #references included, and line breaks
// become spaces so that a row or an item stays one line.
func text(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '#', '$', '@':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// code writes s as a code span: the delimiter is one backtick longer than
// any run inside, padded with spaces when s starts or ends with a backtick.
// In a table cell (cell true) a pipe must be written \| even inside a code
// span, as GFM splits the row before it parses spans.
func code(s string, cell bool) string {
	s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
	if cell {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	if s == "" {
		return ""
	}
	d := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ")) {
		return d + " " + s + " " + d
	}
	return d + s + d
}

// html escapes s for HTML text, e.g. a <summary>. Its replacer is built on
// first use, not when the program starts.
func html(s string) string {
	return htmlEscapes.Get(func() *strings.Replacer {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", " ")
	}).Replace(s)
}

var htmlEscapes lazy.Value[*strings.Replacer]

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// fenceFor returns the backtick fence for a code block holding body: at
// least three, and longer than any backtick run in body, so that no line
// of body can close the block early.
func fenceFor(body string) string {
	return strings.Repeat("`", max(3, longestRun(body, '`')+1))
}

// dash stands for an empty table cell.
func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
