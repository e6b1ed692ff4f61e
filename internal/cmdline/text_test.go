package cmdline

import (
	"bytes"
	"go/doc"
	"math/rand"
	"strings"
	"testing"
)

// docText must format as go/doc's ToText does, which kong's help printer
// calls: random paragraphs of random words (some ending in punctuation,
// some long, some not ASCII) at every width, including the ones where a
// word does not fit.
func TestDocTextIsGoDoc(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	words := []string{"a", "of", "the", "nixpkgs", "flake.lock,", "input;", "path:", "end.", "x", "über", "déjà-vu",
		"--release-lines=follow|merge|separate", "(default)", "it's", "a/b/c", "nixpkgs-unstable", "2.30", "ZZZ"}
	for n := 0; n < 400; n++ {
		var paras []string
		for p := 0; p <= r.Intn(3); p++ {
			var ws []string
			for i := 0; i <= r.Intn(40); i++ {
				ws = append(ws, words[r.Intn(len(words))])
			}
			paras = append(paras, strings.Join(ws, " "))
		}
		text := strings.Join(paras, "\n\n")
		for _, width := range []int{-1, 0, 1, 5, 10, 17, 30, 44, 60, 80, 133} {
			var want bytes.Buffer
			doc.ToText(&want, text, "", "    ", width)
			if got := string(docText(text, width)); got != want.String() {
				t.Fatalf("width %d, text %q:\ngo/doc:\n%s\ndocText:\n%s", width, text, want.String(), got)
			}
		}
	}
}

// The forms of text go/doc treats specially that docText reproduces:
// headings, old-style headings, smart quotes, shared indentation, lines
// broken inside a paragraph.
func TestDocTextSpecialForms(t *testing.T) {
	for _, text := range []string{
		"# Heading\n\nText after it.",
		"Intro.\n\nOld Style Heading\n\nBody text here.",
		"Intro.\n\nNot a heading.\n\nBody text here.",
		"Use ``this'' and ```that'''.",
		"  shared\n  indentation\n\n  of all lines",
		"one\ntwo\tthree\n\n\n\nfour",
		"",
		"   ",
	} {
		for _, width := range []int{0, 10, 40} {
			var want bytes.Buffer
			doc.ToText(&want, text, "", "    ", width)
			if got := string(docText(text, width)); got != want.String() {
				t.Errorf("width %d, text %q:\ngo/doc:  %q\ndocText: %q", width, text, want.String(), got)
			}
		}
	}
}
