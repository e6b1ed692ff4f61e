package cmdline

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// suggest is kong's error for an unknown name: the message, and the
// candidates that start with the name or are within two edits of it.
func suggest(name string, candidates []string, msg string) error {
	var close []string
	for _, c := range candidates {
		if strings.HasPrefix(c, name) || levenshtein(c, name) <= 2 {
			close = append(close, strconv.Quote(c))
		}
	}
	switch len(close) {
	case 0:
		return errors.New(msg)
	case 1:
		return errors.New(msg + ", did you mean " + close[0] + "?")
	}
	return errors.New(msg + ", did you mean one of " + strings.Join(close, ", ") + "?")
}

// levenshtein is the edit distance between a and b, counted in runes.
func levenshtein(a, b string) int {
	row := make([]int, utf8.RuneCountInString(b)+1)
	for j := range row {
		row[j] = j
	}
	for _, ca := range a {
		diag := row[0]
		row[0]++
		j := 1
		for _, cb := range b {
			best := min(row[j]+1, row[j-1]+1)
			if ca == cb {
				best = min(best, diag)
			} else {
				best = min(best, diag+1)
			}
			diag, row[j] = row[j], best
			j++
		}
	}
	return row[len(row)-1]
}
