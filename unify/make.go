package unify

import (
	"fmt"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/flakenix"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
)

const hintRelock = "run `nix flake lock` first, so that flake.lock matches flake.nix, then try again"

// Make plans the unification of in with opt: survey, policy, rewrite.
func Make(in Files, opt Options) (*Plan, error) {
	if opt.Strategy == "" {
		opt.Strategy = Root
	}
	switch opt.Strategy {
	case Root, Newest, MostUsed:
	default:
		return nil, fmt.Errorf("unknown strategy %q (want root, newest or most-used)", opt.Strategy)
	}
	old, own, err := parsed(in)
	if err != nil {
		return nil, err
	}
	if in.spent != nil {
		// The plan keeps no pointer into the lock: whoever still holds
		// one (a copy of in made before Spend) finds it empty.
		defer func() { *old = lockgraph.Lock{} }()
	}
	var f *flakenix.File
	switch {
	case in.Flake != nil:
		if f, err = flakenix.Parse(in.FlakeName, in.Flake); err != nil {
			return nil, err
		}
		if err := checkUpToDate(old, f, in); err != nil {
			return nil, err
		}
	case !opt.LockOnly:
		return nil, &diag.Error{File: in.FlakeName, What: "no flake.nix", Why: "the declarations that keep the lock unified go there",
			Hint: "run in the flake's directory (or point -C at it), or pass --lock-only to rewrite flake.lock alone"}
	}
	// The planner edits its lock: a lock that is Make's own (read here,
	// or spent by the caller) is made canonical in place, anyone else's
	// is copied.
	c := old
	if own {
		err = old.Canonicalize()
	} else {
		c, err = old.Canonical()
	}
	if err != nil {
		return nil, err
	}
	pl := &planner{opt: opt, lock: c, flake: f, plan: &Plan{Options: opt, Files: in, Nix: NixVersion{}}}
	if err := pl.survey(); err != nil {
		return nil, err
	}
	// Targets and fates are decided again when one source's redirect would
	// remove another's target (a nested source): that target is excluded
	// and the next best chosen, so it never points into removed nodes.
	// Each round excludes a candidate, so this ends.
	for {
		if err := pl.decide(); err != nil {
			return nil, err
		}
		if !pl.excludeBuried() {
			break
		}
		pl.reset()
	}
	pl.findStale()
	pl.rewrite()
	if err := pl.finish(); err != nil {
		return nil, err
	}
	return pl.plan, nil
}

// parsed is in's lock, read and checked (by the caller when in.Parsed is
// set or spent), and whether Make may edit it: it read the lock itself,
// or the caller spent it.
func parsed(in Files) (*lockgraph.Lock, bool, error) {
	if s := in.spent; s != nil {
		if s.taken {
			panic("unify: a Files whose parsed lock was spent is given to Make a second time")
		}
		s.taken = true
		return s.lock, true, nil
	}
	if in.Parsed != nil {
		return in.Parsed, false, nil
	}
	l, err := lockgraph.Parse(in.LockName, in.Lock)
	if err != nil {
		return nil, false, err
	}
	return l, true, l.Check()
}

// planner carries one Make from survey to Plan.
type planner struct {
	opt   Options
	lock  *lockgraph.Lock // canonical, edited in place
	flake *flakenix.File  // nil without flake.nix
	plan  *Plan
	// sources are the selected sources, nixpkgs first when selected.
	sources []*source
	byKey   map[string]*cand
	// strPath maps every node key to its string edge, kept when multi or
	// Keep needs it; walk is each node's position in walk order (by its
	// string edge), kept when multi.
	strPath map[string]lockgraph.Path
	walk    map[string]int
	nix     *NixVersion
	// lineTargets are the root's inputs that copies on their release line
	// follow (ReleaseLines Follow, Separate), by node key.
	lineTargets map[string]*Target
	redo        []*cand // eligible for a redirect, walk order
	// copies are the nixpkgs (and nixpkgs-like) copies of the old lock,
	// as surveyed; before is their Tally.
	copies []lockgraph.Copy
	before Tally
	// nodesBefore counts the nodes of the canonical old lock.
	nodesBefore int
	// multi: sources other than nixpkgs may be selected (Options.Inputs,
	// Options.All); the plan then counts each source.
	multi bool
	// flakeEdited: flake.nix was changed other than by a redirect (a stale
	// follows pruned).
	flakeEdited bool
}

// source is one source whose copies are unified: nixpkgs (the class) or
// one identity.
type source struct {
	name    string // "nixpkgs", or the identity as a flake reference
	nixpkgs bool
	group   lockgraph.Group // the identity's copies; empty for nixpkgs
	cands   []*cand
	// rooted are the cands a root input reaches, in the same order: the
	// few a copy may follow by release line (see lineTarget).
	rooted  []*cand
	groups  []string // branch groups in order of first appearance (PerBranch)
	targets []Target // one per group that has an eligible copy; the primary first
}

// cand is one copy of a source in the canonical lock.
type cand struct {
	NodeInfo
	src    *source
	str    lockgraph.Path // its string edge
	roots  []string       // root inputs that reach it
	group  string         // its branch under PerBranch, else ""
	target *Target        // set when it is a target
	keep   bool           // Options.Keep names it or a flake above it
	keepBy string         // the Keep path that does
	forced bool           // named by Options.To
	// rootName is the root input the target was chosen by.
	rootName string
	excluded bool // may not be a target: another redirect removes it
	guard    bool // kept: a target named with To lives below it
	// caches are its dependencies' binary caches, asked when it is about
	// to be redirected (Options.Store).
	caches   nixstore.Caches
	cachesOf lockgraph.Path // the dependency caches is about
}

func (c *cand) rootReached() bool { return len(c.roots) > 0 }

func (pl *planner) keep(c *cand, r KeepReason, why string) {
	pl.plan.Kept = append(pl.plan.Kept, Kept{NodeInfo: c.NodeInfo, Reason: r, Why: why})
}

func errText(err error, def string) string {
	if err != nil {
		return err.Error()
	}
	return def
}
