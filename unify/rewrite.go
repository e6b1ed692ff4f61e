package unify

import (
	"errors"
	"fmt"
	"slices"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// nixVersion asks Options.Nix once.
func (pl *planner) nixVersion() NixVersion {
	if pl.nix == nil {
		v := UnknownNix
		if pl.opt.Nix != nil {
			v = pl.opt.Nix()
		}
		if !v.Known() {
			v = NixVersion{Major: UnknownNix.Major, Minor: UnknownNix.Minor}
		}
		pl.nix = &v
		pl.plan.Nix = v
		pl.plan.NixNeeded = true
	}
	return *pl.nix
}

// rewrite makes the redirects, in walk order, each in the lock and in
// flake.nix or in neither.
func (pl *planner) rewrite() {
	// Sized for every redirect: they are most of the copies.
	done := make([]lockgraph.Path, 0, len(pl.redo))
	plain := make([]*cand, 0, len(pl.redo))
	var deep []*cand
	if pl.multi {
		// Parents first, so that a copy inside a redirected one (a
		// nested identity) is seen to be gone with it.
		slices.SortStableFunc(pl.redo, func(a, b *cand) int { return pl.walk[a.Key] - pl.walk[b.Key] })
	}
	for _, c := range pl.redo {
		if slices.ContainsFunc(done, func(d lockgraph.Path) bool { return c.str.HasPrefix(d) }) {
			continue // gone with the node above it
		}
		if pl.flake != nil && !pl.opt.LockOnly && len(c.str) > 2 && !pl.nixVersion().AtLeast(DeepFollowsNix.Major, DeepFollowsNix.Minor) {
			deep = append(deep, c)
			continue
		}
		plain = append(plain, c)
		done = append(done, c.str)
	}
	if !pl.batch(plain) {
		for _, c := range plain {
			pl.redirect(c, pl.targetFor(c))
		}
	}
	for _, c := range deep {
		pl.keep(c, KeepDepth, depthWhy(pl.nixVersion(), c.str, pl.targetFor(c).Spelling))
	}
}

// batch makes all redirects in the lock at once and checks every follows
// once (SetFollows checks after each one: quadratic on big locks), then
// declares them in flake.nix. When the check fails it changes nothing and
// returns false; the caller then redirects one by one, to find the culprit.
func (pl *planner) batch(cs []*cand) bool {
	if len(cs) < 2 {
		return false
	}
	saved := make([]lockgraph.Input, len(cs))
	undo := func(n int) {
		for i := n - 1; i >= 0; i-- {
			*edgeAt(pl.lock, cs[i].str) = saved[i]
		}
	}
	for i, c := range cs {
		e := edgeAt(pl.lock, c.str)
		if e == nil || e.IsFollows {
			undo(i)
			return false
		}
		saved[i] = *e
		*e = lockgraph.Input{Name: e.Name, Follows: append(lockgraph.Path{}, pl.targetFor(c).Spelling...), IsFollows: true}
	}
	if err := pl.lock.Check(); err != nil {
		undo(len(cs))
		return false
	}
	// Room for every redirect at once (a Redirect is large); no redirects
	// stay nil, as they were.
	pl.plan.Redirects = slices.Grow(pl.plan.Redirects, len(cs))
	defer func() {
		if len(pl.plan.Redirects) == 0 {
			pl.plan.Redirects = nil
		}
	}()
	for i, c := range cs {
		t := pl.targetFor(c)
		if pl.flake != nil && !pl.opt.LockOnly {
			if err := pl.flake.SetFollows(c.str, t.Spelling.String()); err != nil {
				// Back to a string edge: no follows can break by that.
				*edgeAt(pl.lock, c.str) = saved[i]
				pl.keep(c, KeepFlakeNix, flakeWhy(err))
				continue
			}
			pl.plan.Declarations = append(pl.plan.Declarations, Decl{Path: c.str, Target: t.Spelling, Why: "redirect"})
		}
		pl.plan.Redirects = append(pl.plan.Redirects, Redirect{NodeInfo: c.NodeInfo, Path: c.str, Target: t.Spelling, TargetNode: t.Key, TargetLine: t.Line, Caches: c.caches, CachesOf: c.cachesOf})
	}
	return true
}

// redirect makes c's string edge follow t, in the lock and in flake.nix,
// or in neither when either refuses (c is then kept, with the reason).
func (pl *planner) redirect(c *cand, t *Target) {
	old := edgeAt(pl.lock, c.str)
	if old == nil {
		pl.keep(c, KeepLock, fmt.Sprintf("input '%s' is not a string edge of the lock", c.str))
		return
	}
	saved := *old
	if err := pl.lock.SetFollows(c.str, t.Spelling); err != nil {
		pl.keep(c, KeepLock, err.Error())
		return
	}
	if pl.flake != nil && !pl.opt.LockOnly {
		if err := pl.flake.SetFollows(c.str, t.Spelling.String()); err != nil {
			*edgeAt(pl.lock, c.str) = saved
			pl.keep(c, KeepFlakeNix, flakeWhy(err))
			return
		}
		pl.plan.Declarations = append(pl.plan.Declarations, Decl{Path: c.str, Target: t.Spelling, Why: "redirect"})
	}
	pl.plan.Redirects = append(pl.plan.Redirects, Redirect{NodeInfo: c.NodeInfo, Path: c.str, Target: t.Spelling, TargetNode: t.Key, TargetLine: t.Line, Caches: c.caches, CachesOf: c.cachesOf})
}

func flakeWhy(err error) string {
	var de *diag.Error
	if errors.As(err, &de) {
		s := de.What
		if de.Why != "" {
			s += ": " + de.Why
		}
		if de.Pos.IsValid() {
			s = fmt.Sprintf("%s:%s: %s", de.File, de.Pos, s)
		}
		return s
	}
	return err.Error()
}

// edgeAt returns the input at path, reached through string edges only, or
// nil (missing, or a step is a follows).
func edgeAt(l *lockgraph.Lock, path lockgraph.Path) *lockgraph.Input {
	if len(path) == 0 {
		return nil
	}
	n := l.RootNode()
	for i, name := range path {
		in := n.Input(name)
		if in == nil {
			return nil
		}
		if i == len(path)-1 {
			return in
		}
		if in.IsFollows {
			return nil
		}
		n = l.Nodes[in.Node]
	}
	return nil
}
