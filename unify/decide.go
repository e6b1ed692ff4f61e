package unify

import (
	"fmt"
	"slices"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
)

const guardWhy = "a target named with --to lives below it"

// decide chooses each source's targets, then gives every other copy its
// fate: a redirect (pl.redo) or kept with a reason.
func (pl *planner) decide() error {
	for _, s := range pl.sources {
		if err := pl.chooseTargets(s); err != nil {
			return err
		}
	}
	for _, s := range pl.sources {
		for _, c := range s.cands {
			pl.fate(c)
		}
	}
	return nil
}

// forcedTarget resolves Options.To, which names nixpkgs' target.
func (pl *planner) forcedTarget(s *source) (*cand, error) {
	if pl.opt.To == "" || !s.nixpkgs {
		return nil, nil
	}
	p := lockgraph.ParsePath(pl.opt.To)
	key, err := pl.lock.Resolve(p)
	if err != nil || len(p) == 0 {
		return nil, &diag.Error{What: fmt.Sprintf("--to %s", pl.opt.To), Why: errText(err, "the root flake itself is not nixpkgs"),
			Hint: "name an input path of flake.lock, e.g. nixpkgs or home-manager/nixpkgs (see `flake-unify graph`)"}
	}
	c := pl.byKey[key]
	if c == nil || c.src != s {
		return nil, &diag.Error{What: fmt.Sprintf("--to %s", pl.opt.To),
			Why:  fmt.Sprintf("node %q is not nixpkgs (%s)", key, lockgraph.FlakeURL(pl.lock.Nodes[key].Original)),
			Hint: "name a nixpkgs input, or pass --match REGEXP if it is a mirror of nixpkgs"}
	}
	c.forced = true
	return c, nil
}

// chooseTargets chooses s's target in each of its groups (one group unless
// PerBranch splits nixpkgs by branch): the copy named by To, else one by
// strategy. The primary target goes first: To, else one the root reaches
// ("nixpkgs" first).
func (pl *planner) chooseTargets(s *source) error {
	forced, err := pl.forcedTarget(s)
	if err != nil {
		return err
	}
	s.targets = nil
	for _, g := range s.groups {
		var members []*cand
		for _, c := range s.cands {
			if c.group == g {
				members = append(members, c)
			}
		}
		var t *cand
		why := ""
		if forced != nil && forced.group == g {
			t, why = forced, "named with --to"
			if pl.opt.ToWhy != "" {
				why = pl.opt.ToWhy
			}
		} else {
			t, why = pl.auto(s, members)
		}
		if t == nil {
			continue
		}
		tg := Target{NodeInfo: t.NodeInfo, Spelling: pl.spelling(t), Why: why}
		if s.nixpkgs && pl.opt.PerBranch {
			tg.Group = g
		}
		s.targets = append(s.targets, tg)
	}
	rank := func(t Target) int {
		c := pl.byKey[t.Key]
		switch {
		case c.forced:
			return 0
		case slices.Contains(c.roots, "nixpkgs"):
			return 1
		case c.rootReached():
			return 2
		}
		return 3
	}
	slices.SortStableFunc(s.targets, func(a, b Target) int { return rank(a) - rank(b) })
	for i := range s.targets {
		pl.byKey[s.targets[i].Key].target = &s.targets[i]
	}
	return nil
}

// mayTarget reports whether c may be chosen as a target: a copy that may
// be merged (not a path input; for nixpkgs, NixOS/nixpkgs itself and a
// flake), not excluded, neither pinned nor kept unless a root input
// reaches it (the root's own inputs are the user's explicit choice,
// pinned or not).
func mayTarget(c *cand, l *lockgraph.Lock) bool {
	switch {
	case c.excluded, lockgraph.Unmergeable(l.Nodes[c.Key]) != "":
		return false
	case c.src.nixpkgs && (c.Class != lockgraph.Nixpkgs || c.NotFlake):
		return false
	}
	return c.rootReached() || (c.PinnedRev == "" && !c.keep)
}

// auto chooses a group's target by strategy among the copies that may be
// one: with strategy root the root's own input ("nixpkgs" by name first,
// then by name), else (and as the fallback) the newest or the most used,
// among the flakes when there are any (a flake must never follow a
// flake = false node).
func (pl *planner) auto(s *source, members []*cand) (*cand, string) {
	var elig, flakes []*cand
	for _, c := range members {
		if mayTarget(c, pl.lock) {
			elig = append(elig, c)
			if !c.NotFlake {
				flakes = append(flakes, c)
			}
		}
	}
	if pl.opt.Strategy == Root {
		var best *cand
		bestName := ""
		for _, c := range elig {
			for _, name := range c.roots {
				if best == nil || name == "nixpkgs" || (bestName != "nixpkgs" && name < bestName) {
					best, bestName = c, name
				}
			}
		}
		if best != nil {
			best.rootName = bestName
			return best, fmt.Sprintf("the root's own input '%s'", bestName)
		}
	}
	if len(flakes) > 0 {
		elig = flakes
	}
	if len(elig) == 0 {
		return nil, ""
	}
	best := elig[0]
	for _, c := range elig[1:] {
		if pl.better(c, best) {
			best = c
		}
	}
	noun := "copy"
	if s.nixpkgs {
		noun = "nixpkgs"
	}
	switch {
	case pl.opt.Strategy == MostUsed:
		return best, fmt.Sprintf("reached by the most input paths (%d, --strategy most-used)", len(best.Paths))
	case pl.opt.Strategy == Newest:
		return best, "the newest " + noun + " (--strategy newest)"
	case !s.nixpkgs:
		return best, "the newest copy (the root has no input of its own from this source)"
	case pl.opt.PerBranch:
		return best, "the newest nixpkgs of this branch (no root input reaches one)"
	}
	return best, "the newest nixpkgs (the root has no nixpkgs input of its own)"
}

// better reports whether a ranks before b by the strategy (the most input
// paths, or the newest); among copies the strategy ranks equal, one whose
// source is already in the store comes first (no download), then newer
// breaks the tie.
func (pl *planner) better(a, b *cand) bool {
	if pl.opt.Strategy == MostUsed && len(a.Paths) != len(b.Paths) {
		return len(a.Paths) > len(b.Paths)
	}
	if a.LastModified == b.LastModified || pl.opt.Strategy == MostUsed {
		if ia, ib := pl.inStore(a), pl.inStore(b); ia != ib {
			return ia
		}
	}
	return newer(a, b)
}

// newer: newer, then reached from the root, then the shorter path.
func newer(a, b *cand) bool {
	if a.LastModified != b.LastModified {
		return a.LastModified > b.LastModified
	}
	if a.rootReached() != b.rootReached() {
		return a.rootReached()
	}
	return len(a.str) < len(b.str)
}

// spelling is the path declarations use for target t: a root input that
// reaches it ("nixpkgs" first), else its shortest literal path (Nix < 2.18
// accepts only follows targets whose every step but the last is a string
// edge), its string edge on a tie.
func (pl *planner) spelling(t *cand) lockgraph.Path {
	if t.rootName != "" {
		return lockgraph.Path{t.rootName}
	}
	if slices.Contains(t.roots, "nixpkgs") {
		return lockgraph.Path{"nixpkgs"}
	}
	if len(t.roots) > 0 {
		return lockgraph.Path{slices.Min(t.roots)}
	}
	best := t.str
	for _, p := range t.Paths[1:] {
		if len(p) < len(best) && pl.lock.LiteralPath(p) {
			best = p
		}
	}
	return best
}

// fate decides one copy: kept (with the reason) or a redirect (pl.redo).
// The user's choices come first (the root reaches it, Keep names it, it
// holds a target), then what the copy is, then what its target allows.
func (pl *planner) fate(c *cand) {
	s := c.src
	if c.target != nil {
		if c.target != &s.targets[0] {
			pl.keep(c, KeepOtherBranch, fmt.Sprintf("the target for branch %s (--per-branch)", GroupName(c.group)))
		}
		return
	}
	t := pl.targetFor(c)
	unmergeable := lockgraph.Unmergeable(pl.lock.Nodes[c.Key])
	switch {
	case c.rootReached():
		pl.keep(c, KeepRoot, fmt.Sprintf("the root's own input '%s': your choice, never rewritten", c.roots[0]))
	case c.keep:
		why := "--keep"
		if w, ok := pl.opt.KeepWhy[c.keepBy]; ok {
			why = w
		}
		pl.keep(c, KeepUser, why)
	case c.guard:
		pl.keep(c, KeepContainsTarget, guardWhy)
	case c.Class == lockgraph.NixpkgsLike && !pl.opt.merges(KindLike):
		pl.keep(c, KeepLike, "not NixOS/nixpkgs ("+c.Source+"); --merge like merges it")
	case s.nixpkgs && c.NotFlake && !pl.opt.merges(KindNonFlake):
		pl.keep(c, KeepNonFlake, "a flake = false source; --merge non-flake merges it")
	case unmergeable != "":
		pl.keep(c, KeepPath, unmergeable)
	case s.nixpkgs && c.PinnedRev != "" && !pl.opt.merges(KindPinned):
		pl.keep(c, KeepPinned, pinnedWhy(c.PinnedRev))
	case t == nil && s.nixpkgs:
		pl.keep(c, KeepNoTarget, fmt.Sprintf("no eligible target on branch %s", GroupName(c.group)))
	case t == nil:
		pl.keep(c, KeepNoTarget, "no copy of "+s.name+" can be the target (path inputs, pinned revisions, --keep)")
	case c.PinnedRev != "" && !pl.opt.merges(KindPinned):
		pl.keep(c, KeepPinned, pinnedWhy(c.PinnedRev))
	case t.NotFlake && !c.NotFlake:
		pl.keep(c, KeepTargetNonFlake, "the target is a flake = false source, and a flake input must not follow one")
	case c.NotFlake && !t.NotFlake && !pl.opt.merges(KindNonFlake):
		pl.keep(c, KeepNonFlake, "a flake = false source and the target is a flake; --merge non-flake merges it")
	case t.Paths[0].HasPrefix(c.str):
		pl.keep(c, KeepContainsTarget, "the target lives below it")
	case pl.opt.Lines == Separate && c.Line != "" && t.Line != "" && c.Line != t.Line:
		pl.keep(c, KeepLine, fmt.Sprintf("on release line %s, and the root has no input on it (release-lines = separate)", c.Line))
	default:
		// Last, because it asks the store: only a copy that would
		// otherwise be redirected costs a look at its dependency. Only
		// nixpkgs: a dependency's binaries are built against its package
		// set, which another input (flake-utils, say) does not change.
		if pl.opt.Store != nil && s.nixpkgs {
			c.caches, c.cachesOf = pl.cachesOf(c)
			if len(c.caches.Own()) > 0 && !pl.opt.merges(KindCached) {
				pl.keep(c, KeepCache, cacheWhy(c.caches, c.cachesOf))
				return
			}
		}
		pl.redo = append(pl.redo, c)
	}
}

func pinnedWhy(rev string) string {
	if len(rev) > 7 {
		rev = rev[:7]
	}
	return "its author pinned revision " + rev + "; --merge pinned merges it"
}

// GroupName names a PerBranch group in messages: the branch, or
// "(default)" for copies whose original names none.
func GroupName(g string) string {
	if g == "" {
		return "(default)"
	}
	return g
}

// targetFor is the target c follows: the root's input on its release line
// (see lineTarget), else its group's target; nil when there is none.
func (pl *planner) targetFor(c *cand) *Target {
	if t := pl.lineTarget(c); t != nil {
		return t
	}
	for i := range c.src.targets {
		if t := &c.src.targets[i]; t.Group == c.group {
			return t
		}
	}
	return nil
}

// excludeBuried finds targets that a redirect would remove (their string
// edge, or the path declarations name them by, runs through a redirected
// copy): such a target chosen automatically is excluded, to be replaced;
// one named with To keeps the redirect that would remove it from
// happening. It reports whether anything changed.
func (pl *planner) excludeBuried() bool {
	buried := func(t *Target) *cand {
		parent := t.Spelling[:max(len(t.Spelling)-1, 0)]
		for _, c := range pl.redo {
			if c.Key == t.Key {
				continue
			}
			if t.Paths[0].HasPrefix(c.str) || parent.HasPrefix(c.str) {
				return c
			}
		}
		return nil
	}
	changed := false
	for _, s := range pl.sources {
		for i := range s.targets {
			t := &s.targets[i]
			b := buried(t)
			if b == nil {
				continue
			}
			changed = true
			if c := pl.byKey[t.Key]; c.forced {
				b.guard = true
			} else {
				c.excluded = true
			}
		}
	}
	return changed
}

// reset forgets the targets and fates of a round.
func (pl *planner) reset() {
	pl.plan.Kept, pl.redo, pl.lineTargets = nil, nil, nil
	for _, s := range pl.sources {
		s.targets = nil
	}
	for _, c := range pl.allCands() {
		c.target, c.rootName = nil, ""
	}
}
