package flakenix

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// The expressions the matchers in names.go spell out.
var (
	inputNameRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_-]*$`)
	identRE     = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_'-]*$`)
)

func checkNames(t *testing.T, s string) {
	t.Helper()
	if got, want := isInputName(s), inputNameRE.MatchString(s); got != want {
		t.Errorf("isInputName(%q) = %v, the expression says %v", s, got, want)
	}
	if got, want := isIdent(s), identRE.MatchString(s); got != want {
		t.Errorf("isIdent(%q) = %v, the expression says %v", s, got, want)
	}
}

// TestNamesAgreeWithRegexp: on every short string over the characters
// that matter (and a few that do not), and on random longer ones.
func TestNamesAgreeWithRegexp(t *testing.T) {
	alphabet := []string{"a", "Z", "0", "9", "_", "-", "'", ".", "/", " ", "\n", "é", "\xff", "\x00"}
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		checkNames(t, prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			all(prefix+c, n-1)
		}
	}
	all("", 3)
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			if r.IntN(8) == 0 {
				b[i] = byte(r.IntN(256))
			} else {
				b[i] = "abcXYZ019_-'"[r.IntN(12)]
			}
		}
		checkNames(t, string(b))
	}
	for _, s := range []string{"nixpkgs", "home-manager", "flake-utils", "nixpkgs_2", "or", "_x", "x'"} {
		checkNames(t, s)
	}
}

func FuzzNamesAgreeWithRegexp(f *testing.F) {
	for _, s := range []string{"", "nixpkgs", "a-b_c'", "_", "9a"} {
		f.Add(s)
	}
	f.Fuzz(checkNames)
}
