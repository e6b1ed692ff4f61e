package unify

import (
	"fmt"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/flakenix"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// Stale is a follows declaration of flake.nix that no longer does
// anything: the dependency it overrides has no such input any more (Nix
// warns "has an override for a non-existent input" on every run), or the
// input it follows does not exist.
type Stale struct {
	Path    lockgraph.Path // the declared input, e.g. a/nixpkgs
	Follows string         // what it follows, as written
	Pos     diag.Pos       // the declaration in flake.nix
	Why     string
	// Removed: Options.Prune took it out of flake.nix.
	Removed bool
}

// Declaration is the declaration as flake-unify would write it.
func (s *Stale) Declaration() string { return Declaration(s.Path, lockgraph.ParsePath(s.Follows)) }

// findStale lists flake.nix's stale follows declarations, against the
// lock as surveyed, and drops them from flake.nix when the policy prunes.
func (pl *planner) findStale() {
	if pl.flake == nil {
		return
	}
	var visit func(in *flakenix.Input)
	visit = func(in *flakenix.Input) {
		if in.HasFollows && len(in.Path) >= 2 {
			if why := pl.staleWhy(in); why != "" {
				pl.plan.Stale = append(pl.plan.Stale, Stale{Path: append(lockgraph.Path{}, in.Path...), Follows: in.Follows, Pos: in.Pos, Why: why})
			}
		}
		for _, sub := range in.Inputs {
			visit(sub)
		}
	}
	for _, in := range pl.flake.Inputs() {
		visit(in)
	}
	if !pl.opt.Prune || pl.opt.LockOnly {
		return
	}
	for i := range pl.plan.Stale {
		s := &pl.plan.Stale[i]
		if err := pl.flake.DropFollows(s.Path); err == nil {
			s.Removed = true
			pl.flakeEdited = true
		} else {
			s.Why += "; not removed: " + flakeWhy(err)
		}
	}
}

// staleWhy says why the follows declaration of in is stale, "" when it is
// not. Only an override whose parent is reached by string edges is
// judged: below a follows Nix ignores overrides without a word.
func (pl *planner) staleWhy(in *flakenix.Input) string {
	path := lockgraph.Path(in.Path)
	parent := path[:len(path)-1]
	e := edgeAt(pl.lock, parent)
	if e == nil || e.IsFollows {
		return ""
	}
	n := pl.lock.Nodes[e.Node]
	if n.Input(path[len(path)-1]) == nil {
		return fmt.Sprintf("'%s' has no input '%s' any more (Nix warns about an override for a non-existent input)", parent, path[len(path)-1])
	}
	if _, err := pl.lock.Resolve(lockgraph.ParsePath(in.Follows)); err != nil {
		return fmt.Sprintf("it follows '%s', which does not exist: %v", in.Follows, err)
	}
	return ""
}
