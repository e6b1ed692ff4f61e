package planview

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/unify"
)

// Title names the change in one line, for a commit subject or a pull
// request title: "flake.lock: unify nixpkgs (7 copies → 1)". With
// Options.Inputs or Options.All it names the sources whose copies change,
// nixpkgs first, and counts their copies together:
// "flake.lock: unify nixpkgs and numtide/flake-utils (9 copies → 2)".
func Title(p *unify.Plan) string {
	s := p.Summary
	names, before, after := []string{"nixpkgs"}, s.CopiesBefore, s.CopiesAfter
	if len(s.Inputs) > 0 {
		names, before, after = nil, 0, 0
		for _, in := range s.Inputs {
			if in.CopiesAfter == in.CopiesBefore {
				continue
			}
			names = append(names, shortSource(in.Input))
			before += in.CopiesBefore
			after += in.CopiesAfter
		}
		if len(names) == 0 { // nothing changes: name what was asked for
			for _, in := range s.Inputs {
				names = append(names, shortSource(in.Input))
				before += in.CopiesBefore
				after += in.CopiesAfter
			}
		}
	}
	return fmt.Sprintf("flake.lock: unify %s (%d %s → %d)", words.Join(names), before, words.Plural(before, "copy", "copies"), after)
}

// BranchName is the default name of the branch apply commits on:
// flake-unify/nixpkgs-<short rev of the target>, or, when only other
// sources change, flake-unify/<first source>-<short rev of its target>.
func BranchName(p *unify.Plan) string {
	name, rev := "nixpkgs", ""
	if t := p.Target(); t != nil {
		rev = t.Rev
		if t.Input != "" && t.Input != "nixpkgs" {
			name = strings.ReplaceAll(shortSource(t.Input), "/", "-")
		}
	}
	return branchName(name, rev)
}

// branchName is flake-unify/<name>-<first 7 characters of rev, lower
// case>, or flake-unify/<name> without a revision.
func branchName(name, rev string) string {
	rev = strings.ToLower(strings.TrimSpace(rev))
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if rev == "" {
		return "flake-unify/" + name
	}
	return "flake-unify/" + name + "-" + rev
}

// shortSource drops the scheme of a source identity:
// "github:numtide/flake-utils" → "numtide/flake-utils".
func shortSource(id string) string {
	if _, rest, ok := strings.Cut(id, ":"); ok && !strings.HasPrefix(rest, "//") {
		return rest
	}
	return id
}
