package prbody

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/flake-unify/flake-unify/diag"
)

// A section is one part of the body. Every form a section can take is whole
// markdown (fences and <details> closed, ending in a blank line), so that
// choosing forms never cuts through structure; only the section knows how
// to shrink itself.
type section struct {
	// min is the form shown whatever the limit (often "": nothing).
	min string
	// fit returns the richest form of at most budget runes, or "" when no
	// form beyond min fits. Nil: min is the only form.
	fit func(budget int) string
	// essential: when this section cannot be shown whole, the sections
	// after it in priority get no room at all (a table cut short already
	// sends the reader to `flake-unify plan`; a graph or a diff beside it
	// would only take rows from it).
	essential bool
}

// layout chooses a form for every section so that the whole is at most
// limit runes: first every section's min, then, in priority order (indexes
// into secs), the richest form that fits in what is left, up to the first
// essential section that is not shown whole. The sections are joined in
// their own order.
func layout(limit int, secs []section, priority []int) (string, error) {
	chosen := make([]string, len(secs))
	used := 0
	for i, s := range secs {
		chosen[i] = s.min
		used += runes(s.min)
	}
	if used > limit {
		return "", &diag.Error{What: fmt.Sprintf("pull request body limit %d", limit),
			Why:  fmt.Sprintf("the summary, the tables' notes and the marker alone take %d characters", used),
			Hint: "raise the limit (GitHub allows 65,536 characters)"}
	}
	for _, i := range priority {
		s := secs[i]
		if s.fit == nil {
			continue
		}
		old := runes(s.min)
		if f := s.fit(limit - used + old); f != "" {
			n := runes(f)
			if n > limit-used+old {
				panic(fmt.Sprintf("prbody: section %d overflows its budget", i)) // a bug in fit, not bad input
			}
			chosen[i] = f
			used += n - old
		}
		if s.essential && chosen[i] != s.fit(math.MaxInt) {
			break
		}
	}
	return strings.Join(chosen, ""), nil
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// most returns the largest k in [0, n] with size(k) ≤ budget, or -1 when
// not even size(0) fits. size need not be monotonic (a "… N more" note
// grows a digit as k shrinks), so every k is tried from n down: sizes are
// prefix sums, and n is a number of lines.
func most(n, budget int, size func(k int) int) int {
	for k := n; k >= 0; k-- {
		if size(k) <= budget {
			return k
		}
	}
	return -1
}

// prefixRunes returns p with p[k] the runes of ls[:k].
func prefixRunes(ls []string) []int {
	p := make([]int, len(ls)+1)
	for i, l := range ls {
		p[i+1] = p[i] + runes(l)
	}
	return p
}
