package unify

import "github.com/flake-unify/flake-unify/lockgraph"

// Path is an input path (lockgraph.Path).
type Path = lockgraph.Path

// Hoist is an intermediate flake moved to a root input so that a redirect
// deeper than two levels can be declared on Nix < 2.30.
type Hoist struct {
	Name string // the new root input
	From Path   // where the flake was (now a follows of Name)
	URL  string // its original, as a flake reference
}

func (pl *planner) hoistAll(deep []*cand) error {
	for _, c := range deep {
		v := pl.nixVersion()
		pl.keep(c, KeepDepth, depthWhy(v, len(c.str)))
	}
	return nil
}
