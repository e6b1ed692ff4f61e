// Package words holds the few helpers every message of flake-unify uses to
// read as English: one plural rule and one way to join a list.
package words

import "strings"

// Plural is one when n is 1, else many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Join is "a", "a and b", "a, b and c".
func Join(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
