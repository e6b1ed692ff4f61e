package unify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
)

// Unifying inputs other than nixpkgs (Options.Inputs, Options.All).
//
// Every node that is not nixpkgs has a source identity
// (lockgraph.SourceID: type, owner/repo or normalised URL, branch, dir);
// the copies of one identity are unified like nixpkgs: the root's own input
// of that identity is the target, else the newest copy (or by --strategy);
// the root's own inputs, --keep, path inputs, pinned revisions and
// flake = false mismatches are kept with a reason. The redirects of every
// selected identity go into the one batch rewrite, parents first, so a copy
// inside a redirected copy (home-manager's nixpkgs when home-manager itself
// follows another home-manager) is gone with it, and a target is never
// chosen inside a copy that another redirect removes.

// nixpkgsInput is the name of the nixpkgs class among identities.
const nixpkgsInput = "nixpkgs"

const guardWhy = "a target named with --to lives below it"

// inputUnit is one selected identity other than nixpkgs.
type inputUnit struct {
	group  lockgraph.Group
	name   string // group.ID.String()
	cands  []*cand
	target *Target // nil: no eligible target
}

// allCands are the nixpkgs candidates and those of every identity.
func (pl *planner) allCands() []*cand {
	out := slices.Clip(pl.cands)
	for _, u := range pl.units {
		out = append(out, u.cands...)
	}
	return out
}

// selectInputs resolves Options.Inputs and Options.All to the identities
// to unify (pl.units) and whether nixpkgs is one of them.
//
// A NAME is "nixpkgs" (the nixpkgs class, with its own policy), a flake
// reference (github:numtide/flake-utils: every branch of that source unless
// the reference names one), an input path (a/flake-utils: the identity of
// the node there), or an input name (flake-utils): the identity of the
// root's input of that name, else of the nodes reached by edges of that
// name, which must agree.
func (pl *planner) selectInputs() error {
	pl.multi = len(pl.opt.Inputs) > 0 || pl.opt.All
	if !pl.multi {
		return nil
	}
	groups, nixpkgs, err := SelectInputs(pl.lock, pl.opt.Classifier, pl.opt.Inputs, pl.opt.All)
	if err != nil {
		return err
	}
	pl.skipNixpkgs = !nixpkgs
	for _, g := range groups {
		pl.units = append(pl.units, &inputUnit{group: g, name: g.ID.String()})
	}
	return nil
}

// SelectInputs resolves names (as Options.Inputs) and all (as Options.All)
// on a checked lock: the identities other than nixpkgs they select, in walk
// order, and whether they select nixpkgs. check and graph use it to read
// --input and --all as plan does.
func SelectInputs(l *lockgraph.Lock, c lockgraph.Classifier, names []string, all bool) ([]lockgraph.Group, bool, error) {
	groups, err := l.Groups(c)
	if err != nil {
		return nil, false, err
	}
	chosen := make([]bool, len(groups))
	nixpkgs := all
	if all {
		for i, g := range groups {
			chosen[i] = len(g.Copies) >= 2
		}
	}
	for _, name := range names {
		if name == nixpkgsInput {
			nixpkgs = true
			continue
		}
		idx, err := matchInput(l, name, groups)
		if err != nil {
			return nil, false, err
		}
		for _, i := range idx {
			chosen[i] = true
		}
	}
	var out []lockgraph.Group
	for i, g := range groups {
		if chosen[i] {
			out = append(out, g)
		}
	}
	return out, nixpkgs, nil
}

const inputHint = "name an input (flake-utils), an input path (a/flake-utils) or a source (github:numtide/flake-utils); `flake-unify check --all` lists the duplicated ones"

// matchInput returns the indexes of the groups name selects.
func matchInput(l *lockgraph.Lock, name string, groups []lockgraph.Group) ([]int, error) {
	bad := func(why string) error { return &diag.Error{What: "--input " + name, Why: why, Hint: inputHint} }
	keyGroup := map[string]int{}
	for i, g := range groups {
		for _, cp := range g.Copies {
			keyGroup[cp.Key] = i
		}
	}
	if strings.Contains(name, ":") {
		want, hasRef, ok := lockgraph.ParseSourceRef(name)
		if !ok {
			return nil, bad("not a flake reference flake-unify understands (github:, gitlab:, sourcehut:, git+…, https://…, flake:, path:)")
		}
		var idx []int
		for i, g := range groups {
			id := g.ID
			if !hasRef {
				id.Ref = ""
			}
			if id == want {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return nil, bad("no node of flake.lock comes from " + want.String())
		}
		return idx, nil
	}
	if strings.Contains(name, "/") {
		p := lockgraph.ParsePath(name)
		key, err := l.Resolve(p)
		if err != nil || len(p) == 0 {
			return nil, bad(errText(err, "the root flake itself is not an input"))
		}
		i, ok := keyGroup[key]
		if !ok {
			return nil, bad(fmt.Sprintf("node %q is nixpkgs (select it with --input nixpkgs) or has no source", key))
		}
		return []int{i}, nil
	}
	if in := l.RootNode().Input(name); in != nil {
		key, err := l.Resolve(lockgraph.Path{name})
		if err != nil {
			return nil, bad(err.Error())
		}
		i, ok := keyGroup[key]
		if !ok {
			return nil, bad(fmt.Sprintf("the root's input '%s' is nixpkgs (select it with --input nixpkgs)", name))
		}
		return []int{i}, nil
	}
	var idx []int
	err := l.Walk(func(p lockgraph.Path, _ *lockgraph.Node, in *lockgraph.Input) error {
		if in.Name != name {
			return nil
		}
		key, err := l.Resolve(p)
		if err != nil {
			return err
		}
		if i, ok := keyGroup[key]; ok && !slices.Contains(idx, i) {
			idx = append(idx, i)
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case len(idx) == 0:
		return nil, bad(fmt.Sprintf("no input of flake.lock is called '%s' (nixpkgs nodes are selected with --input nixpkgs)", name))
	case len(idx) > 1:
		var refs []string
		for _, i := range idx {
			refs = append(refs, groups[i].ID.String())
		}
		return nil, &diag.Error{What: "--input " + name,
			Why:  fmt.Sprintf("inputs called '%s' come from %d sources: %s", name, len(idx), strings.Join(refs, ", ")),
			Hint: "name the source instead, e.g. --input " + refs[0]}
	}
	return idx, nil
}

// surveyInputs builds the candidates of every selected identity.
func (pl *planner) surveyInputs() error {
	for _, u := range pl.units {
		for i := range u.group.Copies {
			cp := &u.group.Copies[i]
			c := &cand{NodeInfo: info(cp, pl.strPath[cp.Key]), str: pl.strPath[cp.Key], order: i, revID: lockview.Identity(cp.Node), unit: u}
			c.Input = u.name
			for _, p := range c.Paths {
				if len(p) == 1 {
					c.roots = append(c.roots, p[0])
				}
			}
			u.cands = append(u.cands, c)
			pl.byKey[c.Key] = c
		}
	}
	// --keep was applied to the nixpkgs candidates in survey, before these
	// existed.
	for _, k := range pl.opt.Keep {
		key, err := pl.lock.Resolve(lockgraph.ParsePath(k))
		if err != nil {
			continue // survey reported it
		}
		under := pl.strPath[key]
		for _, u := range pl.units {
			for _, c := range u.cands {
				if c.Key == key || c.str.HasPrefix(under) {
					c.keep = true
				}
			}
		}
	}
	return nil
}

// chooseInputTargets chooses each identity's target: the root's own input
// of it (by name), else by strategy among the copies that may be one — not
// a path input, neither pinned nor --keep, and a flake when any eligible
// copy is one (a flake must never follow a flake = false node).
func (pl *planner) chooseInputTargets() {
	for _, u := range pl.units {
		u.target = nil
		var elig, flakes []*cand
		for _, c := range u.cands {
			if c.excluded || lockgraph.Unmergeable(pl.lock.Nodes[c.Key]) != "" {
				continue
			}
			if (c.PinnedRev != "" || c.keep) && !c.rootReached() {
				continue
			}
			elig = append(elig, c)
			if !c.NotFlake {
				flakes = append(flakes, c)
			}
		}
		var best *cand
		why := ""
		if pl.opt.Strategy == Root {
			bestName := ""
			for _, c := range elig {
				for _, name := range c.roots {
					if best == nil || name < bestName {
						best, bestName = c, name
					}
				}
			}
			if best != nil {
				best.rootName = bestName
				why = fmt.Sprintf("the root's own input '%s'", bestName)
			}
		}
		if best == nil {
			if len(flakes) > 0 {
				elig = flakes
			}
			if len(elig) == 0 {
				continue
			}
			best = elig[0]
			for _, c := range elig[1:] {
				if pl.opt.Strategy == MostUsed && len(c.Paths) != len(best.Paths) {
					if len(c.Paths) > len(best.Paths) {
						best = c
					}
					continue
				}
				if newerCand(c, best) {
					best = c
				}
			}
			switch pl.opt.Strategy {
			case MostUsed:
				why = fmt.Sprintf("reached by the most input paths (%d, --strategy most-used)", len(best.Paths))
			case Newest:
				why = "the newest copy (--strategy newest)"
			default:
				why = "the newest copy (the root has no input of its own from this source)"
			}
		}
		u.target = &Target{NodeInfo: best.NodeInfo, Spelling: pl.spelling(best), Why: why}
		best.target = u.target
	}
}

// newerCand: newer, then reached from the root, then the shorter path.
func newerCand(a, b *cand) bool {
	if a.LastModified != b.LastModified {
		return a.LastModified > b.LastModified
	}
	if a.rootReached() != b.rootReached() {
		return a.rootReached()
	}
	return len(a.str) < len(b.str)
}

// decideInputs gives every copy of every identity its fate, as decide does
// for nixpkgs.
func (pl *planner) decideInputs() {
	for _, u := range pl.units {
		t := u.target
		for _, c := range u.cands {
			if c.target != nil {
				continue
			}
			if pl.keepChosen(c) {
				continue
			}
			switch {
			case lockgraph.Unmergeable(pl.lock.Nodes[c.Key]) != "":
				pl.keep(c, KeepPath, lockgraph.Unmergeable(pl.lock.Nodes[c.Key]))
			case t == nil:
				pl.keep(c, KeepNoTarget, "no copy of "+u.name+" can be the target (path inputs, pinned revisions, --keep)")
			case c.PinnedRev != "" && !pl.opt.merges(KindPinned):
				pl.keep(c, KeepPinned, "its author pinned revision "+lockview.ShortRev(c.PinnedRev)+"; --merge pinned merges it")
			case t.NotFlake && !c.NotFlake:
				pl.keep(c, KeepTargetNonFlake, "the target is a flake = false source, and a flake input must not follow one")
			case c.NotFlake && !t.NotFlake && !pl.opt.merges(KindNonFlake):
				pl.keep(c, KeepNonFlake, "a flake = false source and the target is a flake; --merge non-flake merges it")
			case t.Paths[0].HasPrefix(c.str):
				pl.keep(c, KeepContainsTarget, "the target lives below it")
			default:
				pl.redo = append(pl.redo, c)
			}
		}
	}
}

// excludeBuried finds targets that a redirect would remove (their string
// edge, or the path declarations name them by, runs through a redirected
// copy): such a target chosen automatically is excluded, to be replaced;
// one named with --to keeps the redirect that would remove it from
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
	check := func(t *Target, forced bool) {
		b := buried(t)
		if b == nil {
			return
		}
		changed = true
		if forced {
			b.guard = true
		} else {
			pl.byKey[t.Key].excluded = true
		}
	}
	for i := range pl.plan.Targets {
		t := &pl.plan.Targets[i]
		check(t, t.Why == "named with --to")
	}
	for _, u := range pl.units {
		if u.target != nil {
			check(u.target, false)
		}
	}
	return changed
}

// reset forgets the targets and fates of a round.
func (pl *planner) reset() {
	pl.plan.Targets, pl.plan.Kept, pl.redo = nil, nil, nil
	for _, c := range pl.allCands() {
		c.target, c.rootName = nil, ""
	}
}

// addInputTargets lists the identities' targets after the nixpkgs ones.
func (pl *planner) addInputTargets() {
	for _, u := range pl.units {
		if u.target != nil {
			t := *u.target
			t.Group = ""
			pl.plan.Targets = append(pl.plan.Targets, t)
		}
	}
}

// sourceCounts fills the source counts of the summary from the old lock
// (as surveyed) and final, the lock after the rewrite.
func (pl *planner) sourceCounts(final *lockgraph.Lock) error {
	s := &pl.plan.Summary
	s.SourcesBefore = pl.sourcesBefore
	copies, err := final.Copies(pl.opt.Classifier)
	if err != nil {
		return err
	}
	s.SourcesAfter = countSources(copies)
	if !pl.multi {
		return nil
	}
	if !pl.skipNixpkgs {
		s.Inputs = append(s.Inputs, InputSummary{Input: nixpkgsInput, CopiesBefore: s.CopiesBefore, CopiesAfter: countClass(copies),
			SourcesBefore: s.SourcesBefore, SourcesAfter: s.SourcesAfter})
	}
	after, err := final.Groups(pl.opt.Classifier)
	if err != nil {
		return err
	}
	for _, u := range pl.units {
		is := InputSummary{Input: u.name, CopiesBefore: len(u.group.Copies), SourcesBefore: countSources(u.group.Copies)}
		for _, g := range after {
			if g.ID == u.group.ID {
				is.CopiesAfter, is.SourcesAfter = len(g.Copies), countSources(g.Copies)
			}
		}
		s.Inputs = append(s.Inputs, is)
	}
	return nil
}

// countClass counts the copies of class Nixpkgs.
func countClass(copies []lockgraph.Copy) int {
	n := 0
	for i := range copies {
		if copies[i].Source.Class == lockgraph.Nixpkgs {
			n++
		}
	}
	return n
}

// countSources counts the distinct sources among copies (of class Nixpkgs
// when they are nixpkgs copies): what Nix downloads and keeps as a store
// path once per narHash.
func countSources(copies []lockgraph.Copy) int {
	seen := map[string]bool{}
	for i := range copies {
		cp := &copies[i]
		if cp.Source.Class == lockgraph.NixpkgsLike {
			continue
		}
		h := cp.Node.Locked.Str("narHash")
		if h == "" {
			h = lockview.Identity(cp.Node)
		}
		seen[h] = true
	}
	return len(seen)
}
