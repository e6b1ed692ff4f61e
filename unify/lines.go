package unify

import (
	"fmt"
	"regexp"
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

var (
	lineNumbered = regexp.MustCompile(`^(?:(?:nixos|release)-(\d\d\.\d\d)|nixpkgs-(\d\d\.\d\d)(?:-darwin)?|[a-z]+-(\d\d\.\d\d)-small)$`)
	lineUnstable = regexp.MustCompile(`^(?:nixos-unstable|nixpkgs-unstable|master|[a-z]+-unstable-small)$`)
	// FlakeHub versions nixpkgs as 0.YYMM.* for a release and 0.1.* for
	// unstable.
	lineFlakeHub = regexp.MustCompile(`^https://flakehub\.com/f/[^/]+/[^/]+/0\.(\d+)(?:[.?/]|$)`)
)

// ReleaseLine is the nixpkgs release line a branch (original.ref or
// channel) or a FlakeHub URL names: "24.05", "unstable", or "" when it
// names none this knows (a fork's branch, a tag, no branch at all).
func ReleaseLine(branch, url string) string {
	b := strings.TrimPrefix(branch, "refs/heads/")
	if m := lineNumbered.FindStringSubmatch(b); m != nil {
		return m[1] + m[2] + m[3]
	}
	if lineUnstable.MatchString(b) {
		return "unstable"
	}
	if m := lineFlakeHub.FindStringSubmatch(url); m != nil {
		switch v := m[1]; {
		case v == "1":
			return "unstable"
		case len(v) == 4:
			return v[:2] + "." + v[2:]
		}
	}
	return ""
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
	for _, x := range s.cands {
		if x == c || x.Line != c.Line || !x.rootReached() || !mayTarget(x, pl.lock) {
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
