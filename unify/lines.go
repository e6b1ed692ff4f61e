package unify

import (
	"fmt"
	"strings"
)

// ReleaseLines says what a redirect may do across nixpkgs release lines
// (24.05, unstable, …).
type ReleaseLines string

const (
	// Follow: a copy follows the root's own input on its line when the
	// root has one, else the common target; a crossing is announced.
	Follow ReleaseLines = "follow"
	// Merge: every copy follows the one common target, whatever its line.
	Merge ReleaseLines = "merge"
	// Separate: as Follow, but a copy that would cross lines is kept.
	Separate ReleaseLines = "separate"
)

// ReleaseLine is the nixpkgs release line a branch (original.ref or
// channel) or a FlakeHub URL names: "24.05", "unstable", or "" when it
// names none this knows (a fork's branch, a tag, no branch at all).
//
// The branches it knows: nixos-YY.MM, release-YY.MM, nixpkgs-YY.MM,
// nixpkgs-YY.MM-darwin and NAME-YY.MM-small for a release line;
// nixos-unstable, nixpkgs-unstable, master and NAME-unstable-small for
// unstable (NAME in a-z). FlakeHub versions nixpkgs as 0.YYMM.* for a
// release and 0.1.* for unstable. The matching is written out rather than
// as regular expressions, which every command would compile when it
// starts (lines_test.go checks that it agrees with them).
func ReleaseLine(branch, url string) string {
	b := strings.TrimPrefix(branch, "refs/heads/")
	if v := numberedLine(b); v != "" {
		return v
	}
	if isUnstableLine(b) {
		return "unstable"
	}
	switch v := flakeHubMinor(url); {
	case v == "1":
		return "unstable"
	case len(v) == 4:
		return v[:2] + "." + v[2:]
	}
	return ""
}

// numberedLine is the YY.MM of a release branch, else "".
func numberedLine(b string) string {
	for _, p := range []string{"nixos-", "release-", "nixpkgs-"} {
		if v, ok := strings.CutPrefix(b, p); ok {
			if p == "nixpkgs-" {
				v = strings.TrimSuffix(v, "-darwin")
			}
			if isYYMM(v) {
				return v
			}
		}
	}
	if v, ok := strings.CutSuffix(b, "-small"); ok {
		if n := len(v) - len("YY.MM"); n >= 2 && v[n-1] == '-' && isLower(v[:n-1]) && isYYMM(v[n:]) {
			return v[n:]
		}
	}
	return ""
}

func isUnstableLine(b string) bool {
	switch b {
	case "nixos-unstable", "nixpkgs-unstable", "master":
		return true
	}
	name, ok := strings.CutSuffix(b, "-unstable-small")
	return ok && isLower(name)
}

// flakeHubMinor is the digits after "0." in the version of a FlakeHub
// URL https://flakehub.com/f/OWNER/NAME/0.DIGITS, followed by '.', '?',
// '/' or nothing; else "".
func flakeHubMinor(url string) string {
	rest, ok := strings.CutPrefix(url, "https://flakehub.com/f/")
	if !ok {
		return ""
	}
	for range 2 { // OWNER/ and NAME/, neither empty
		i := strings.IndexByte(rest, '/')
		if i <= 0 {
			return ""
		}
		rest = rest[i+1:]
	}
	rest, ok = strings.CutPrefix(rest, "0.")
	if !ok {
		return ""
	}
	n := 0
	for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
		n++
	}
	if n == 0 || n < len(rest) && rest[n] != '.' && rest[n] != '?' && rest[n] != '/' {
		return ""
	}
	return rest[:n]
}

// isYYMM: two digits, a dot, two digits.
func isYYMM(s string) bool {
	return len(s) == 5 && isDigits(s[:2]) && s[2] == '.' && isDigits(s[3:])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isLower: one or more of a-z.
func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// Crossing is "crosses release line 24.05 → unstable" when the redirect
// takes a copy to a target on another known line, else "".
func (r *Redirect) Crossing() string {
	if r.Line == "" || r.TargetLine == "" || r.Line == r.TargetLine {
		return ""
	}
	return "crosses release line " + r.Line + " → " + r.TargetLine
}

// lineTarget is the root's own input on c's release line that c follows
// under Follow and Separate: a root input with c's branch first, then one
// named "nixpkgs", then by name. nil when the root has no input on c's
// line, or the policy does not go by lines.
func (pl *planner) lineTarget(c *cand) *Target {
	s := c.src
	if !s.nixpkgs || c.Line == "" || pl.opt.Lines == Merge || pl.opt.To != "" || pl.opt.PerBranch {
		return nil
	}
	if t := s.main(); t != nil && t.Line == c.Line {
		if t.Branch == c.Branch {
			return t
		}
	}
	var best *cand
	rank := func(x *cand) int {
		switch {
		case x.Branch == c.Branch:
			return 0
		case x.target != nil:
			return 1
		case hasRoot(x, "nixpkgs"):
			return 2
		}
		return 3
	}
	// Only a root input can be followed by line: the candidates are the
	// few the root reaches, not every copy (which made this quadratic).
	for _, x := range s.rooted {
		if x == c || x.Line != c.Line || !mayTarget(x, pl.lock) {
			continue
		}
		if best == nil || rank(x) < rank(best) || (rank(x) == rank(best) && minRoot(x) < minRoot(best)) {
			best = x
		}
	}
	if best == nil {
		return nil
	}
	if best.target != nil {
		return best.target
	}
	if pl.lineTargets == nil {
		pl.lineTargets = map[string]*Target{}
	}
	t := pl.lineTargets[best.Key]
	if t == nil {
		t = &Target{NodeInfo: best.NodeInfo, Spelling: pl.spelling(best), ForLine: best.Line,
			Why: fmt.Sprintf("the root's own input '%s' on release line %s", minRoot(best), best.Line)}
		pl.lineTargets[best.Key] = t
	}
	return t
}

// main is the source's primary target, nil when it has none.
func (s *source) main() *Target {
	if len(s.targets) == 0 {
		return nil
	}
	return &s.targets[0]
}

func hasRoot(c *cand, name string) bool {
	for _, r := range c.roots {
		if r == name {
			return true
		}
	}
	return false
}

func minRoot(c *cand) string {
	m := ""
	for _, r := range c.roots {
		if m == "" || r < m {
			m = r
		}
	}
	return m
}
