package prbody

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flake-unify/flake-unify/diffview"
	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/unify"
)

// diff: the unified diff of one file (as Plan.Diff renders it) in a
// collapsible block. It shrinks to its first lines and a note, then to the
// note alone, then to nothing.
func diff(p *unify.Plan, name string, old, new []byte, changed bool) section {
	if !changed {
		return section{}
	}
	d := string(diffview.Unified("a/"+name, "b/"+name, old, new))
	if !strings.HasSuffix(d, "\n") {
		d += "\n"
	}
	ls := slices.Collect(strings.Lines(d))
	added, removed := stat(ls)
	n := len(ls)
	head := fmt.Sprintf("<details><summary>%s: +%d −%d %s</summary>\n\n", html(name), added, removed, words.Plural(added+removed, "line", "lines"))
	const tail = "</details>\n\n"
	f := fenceFor(d)
	open, close := f+"diff\n", f+"\n\n"
	none := fmt.Sprintf("The diff (%d lines) does not fit here; run `flake-unify plan` to see it.\n\n", n)
	more := func(k int) string {
		return fmt.Sprintf("… %d more %s; run `flake-unify plan` to see the full diff.\n\n", n-k, words.Plural(n-k, "line", "lines"))
	}
	pre := prefixRunes(ls)
	fixed := runes(head) + runes(tail)
	fences := runes(open) + runes(close)
	return section{fit: func(budget int) string {
		k := most(n, budget, func(k int) int {
			switch {
			case k > 0 && k < n && headerOnly(ls, k):
				return budget + 1
			case k == 0:
				return fixed + runes(none)
			case k == n:
				return fixed + fences + pre[n]
			}
			return fixed + fences + pre[k] + runes(more(k))
		})
		switch {
		case k < 0:
			return ""
		case k == 0:
			return head + none + tail
		case k == n:
			return head + open + d + close + tail
		}
		return head + open + strings.Join(ls[:k], "") + close + more(k) + tail
	}}
}

// headerOnly reports whether a diff cut after its first k lines would end
// with a header (the file names or a hunk's @@ line) and so show nothing
// of the change it announces.
func headerOnly(ls []string, k int) bool {
	return k <= 2 || strings.HasPrefix(ls[k-1], "@@")
}

// stat counts the added and removed lines of a unified diff: those after
// the two header lines that start with '+' or '-' (a removed line whose text
// begins "--" starts "---" and still counts).
func stat(ls []string) (added, removed int) {
	if len(ls) < 2 {
		return 0, 0
	}
	for _, l := range ls[2:] {
		switch l[0] {
		case '+':
			added++
		case '-':
			removed++
		}
	}
	return added, removed
}
