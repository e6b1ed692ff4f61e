package cmdline

import "unicode/utf8"

// fill appends words as lines of at most width runes where it can, broken
// where go/doc breaks them, each line ending in a newline; a negative width
// puts all words on one line.
func fill(out []byte, words []string, width int) []byte {
	if len(words) == 0 {
		return append(out, '\n')
	}
	var breaks []int
	if width < 0 {
		breaks = []int{0, len(words)}
	} else {
		breaks = lineBreaks(words, width)
	}
	for i := 0; i+1 < len(breaks); i++ {
		for j, w := range words[breaks[i]:breaks[i+1]] {
			if j > 0 {
				out = append(out, ' ')
			}
			out = append(out, w...)
		}
		out = append(out, '\n')
	}
	return out
}

// cost is the badness of a set of lines, compared first by overflow (the
// squared excess of lines wider than the limit), then by the squared slack
// of the others plus a penalty for each line that does not end in
// punctuation.
type cost struct{ over, slack int64 }

func (a cost) plus(b cost) cost { return cost{a.over + b.over, a.slack + b.slack} }

func (a cost) less(b cost) bool {
	if a.over != b.over {
		return a.over < b.over
	}
	return a.slack < b.slack
}

// lineBreaks chooses where to break words into lines of at most max runes
// so that the total cost is least, and returns the indices that start each
// line followed by len(words). The last line costs nothing when it fits.
//
// best[j] is the least cost of setting words[:j]. The cost of a line is
// concave in where it starts, so the candidates for the start of the
// line that ends at j form a queue in which a later start overtakes an
// earlier one for good once it is better (the method of Hirschberg and
// Larmore for the least weight subsequence problem): each word is looked at
// a bounded number of times, apart from a binary search for the point where
// one candidate overtakes another. Ties keep the choices go/doc makes.
func lineBreaks(words []string, max int) []int {
	n := len(words)
	// end[i] is the width of words[:i] set with one space after each word.
	end := make([]int, n+1)
	for i, w := range words {
		end[i+1] = end[i] + utf8.RuneCountInString(w) + 1
	}
	line := func(i, j int) cost {
		width := end[j] - 1 - end[i]
		if j == n && width <= max {
			return cost{}
		}
		last := words[j-1]
		penalty := int64(64)
		switch last[len(last)-1] {
		case '.', ',', ':', ';':
			penalty = 0
		}
		slack := int64(max-width) * int64(max-width)
		if width > max {
			return cost{slack, penalty}
		}
		return cost{0, slack + penalty}
	}
	best := make([]cost, 1, n+1)
	via := func(i, j int) cost { return best[i].plus(line(i, j)) }

	// overtakes reports whether candidate c, once it can start a line,
	// makes b useless: from the first end k at which b beats a, c is at
	// least as good as b (or b never beats a).
	overtakes := func(a, b, c int) bool {
		lo, hi := c, n+1
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if via(b, mid).less(via(a, mid)) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if lo > n {
			return true
		}
		return !via(b, lo).less(via(c, lo))
	}

	queue := make([]int, 1, n)
	from := make([]int, 1, n+1)
	from[0] = -1
	for m := 1; m < n; m++ {
		best = append(best, via(queue[0], m))
		from = append(from, queue[0])
		for len(queue) > 1 && !via(queue[0], m+1).less(via(queue[1], m+1)) {
			queue = queue[1:]
		}
		for len(queue) > 1 && overtakes(queue[len(queue)-2], queue[len(queue)-1], m) {
			queue = queue[:len(queue)-1]
		}
		if via(m, n).less(via(queue[len(queue)-1], n)) {
			queue = append(queue, m)
			if len(queue) == 2 && !via(queue[0], m+1).less(via(queue[1], m+1)) {
				queue = queue[1:]
			}
		}
	}
	from = append(from, queue[0])

	count := 1
	for m := n; m > 0; m = from[m] {
		count++
	}
	breaks := make([]int, count)
	for m := n; m > 0; m = from[m] {
		count--
		breaks[count] = m
	}
	return breaks
}
