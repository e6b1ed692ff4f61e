package unify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// nixpkgsInput is the name of the nixpkgs class among sources.
const nixpkgsInput = "nixpkgs"

// survey finds the copies of every selected source: nixpkgs (unless
// Options.Inputs leaves it out) and each identity Options.Inputs or
// Options.All names, and marks the copies Options.Keep names.
func (pl *planner) survey() error {
	pl.multi = len(pl.opt.Inputs) > 0 || pl.opt.All
	if pl.multi || len(pl.opt.Keep) > 0 {
		// The string edge of every node, for Keep (a path above copies)
		// and the copies of other sources; nixpkgs alone finds its
		// copies' edges among their paths (see stringEdge), without
		// this walk.
		pl.strPath = make(map[string]lockgraph.Path, len(pl.lock.Nodes))
		if pl.multi {
			// Only several sources need the walk order (rewrite sorts by it).
			pl.walk = make(map[string]int, len(pl.lock.Nodes))
		}
		err := pl.lock.Walk(func(p lockgraph.Path, _ *lockgraph.Node, in *lockgraph.Input) error {
			if !in.IsFollows {
				pl.strPath[in.Node] = p
				if pl.walk != nil {
					pl.walk[in.Node] = len(pl.walk)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	copies, err := pl.lock.Copies(pl.opt.Classifier)
	if err != nil {
		return err
	}
	pl.copies = copies
	pl.before, pl.nodesBefore = Count(copies), len(pl.lock.Nodes)
	pl.byKey = make(map[string]*cand, len(copies))
	groups, withNixpkgs := []lockgraph.Group(nil), true
	if pl.multi {
		if groups, withNixpkgs, err = SelectInputs(pl.lock, pl.opt.Classifier, pl.opt.Inputs, pl.opt.All); err != nil {
			return err
		}
	}
	// The candidates are carved out of one block rather than allocated
	// one by one (a candidate is large, and there is one per copy).
	room := 0
	if withNixpkgs {
		room = len(copies)
	}
	for _, g := range groups {
		room += len(g.Copies)
	}
	block := make([]cand, room)
	if withNixpkgs {
		s := &source{name: nixpkgsInput, nixpkgs: true, cands: make([]*cand, 0, len(copies))}
		for i := range copies {
			pl.addCand(s, &copies[i], &block[0])
			block = block[1:]
		}
		pl.sources = append(pl.sources, s)
	}
	for _, g := range groups {
		s := &source{name: g.ID.String(), group: g}
		for i := range g.Copies {
			pl.addCand(s, &s.group.Copies[i], &block[0])
			block = block[1:]
		}
		pl.sources = append(pl.sources, s)
	}
	for _, k := range pl.opt.Keep {
		p := lockgraph.ParsePath(k)
		key, err := pl.lock.Resolve(p)
		if err != nil || len(p) == 0 {
			return &diag.Error{What: fmt.Sprintf("--keep %s", k), Why: errText(err, "the root itself cannot be kept"),
				Hint: "name an input path of flake.lock, e.g. home-manager/nixpkgs (see `flake-unify graph`)"}
		}
		under := pl.strPath[key]
		for _, c := range pl.allCands() {
			if (c.Key == key || c.str.HasPrefix(under)) && !c.keep {
				c.keep, c.keepBy = true, k
			}
		}
	}
	return nil
}

// addCand makes cp a candidate of s, in c.
func (pl *planner) addCand(s *source, cp *lockgraph.Copy, c *cand) {
	str := pl.stringEdge(cp)
	*c = cand{NodeInfo: info(cp, str), src: s, str: str}
	if pl.multi {
		c.Input = s.name
	}
	for _, p := range c.Paths {
		if len(p) == 1 {
			c.roots = append(c.roots, p[0])
		}
	}
	if s.nixpkgs && pl.opt.PerBranch {
		c.group = branchGroup(cp)
	}
	if !slices.Contains(s.groups, c.group) {
		s.groups = append(s.groups, c.group)
	}
	s.cands = append(s.cands, c)
	if c.rootReached() {
		s.rooted = append(s.rooted, c)
	}
	pl.byKey[c.Key] = c
}

// stringEdge is cp's string edge: the one of its paths whose last step is
// no follows and is reached through string edges only (the lock is
// canonical: a tree).
func (pl *planner) stringEdge(cp *lockgraph.Copy) lockgraph.Path {
	if pl.strPath != nil {
		return pl.strPath[cp.Key]
	}
	for _, p := range cp.Paths {
		if e := edgeAt(pl.lock, p); e != nil && !e.IsFollows {
			return p
		}
	}
	return nil
}

// allCands are the candidates of every source.
func (pl *planner) allCands() []*cand {
	var out []*cand
	for _, s := range pl.sources {
		out = append(out, s.cands...)
	}
	return out
}

// info describes a copy; str is its string edge, which goes first in Paths.
func info(cp *lockgraph.Copy, str lockgraph.Path) NodeInfo {
	n := NodeInfo{
		Key: cp.Key, URL: lockgraph.FlakeURL(cp.Node.Original), Class: cp.Source.Class, Source: cp.Source.Why,
		Branch: cp.Branch, PinnedRev: cp.PinnedRev, Rev: cp.Rev, LastModified: cp.LastModified, NotFlake: cp.Node.NotFlake,
	}
	if cp.Source.Class == lockgraph.Nixpkgs {
		n.Line = ReleaseLine(cp.Branch, n.URL)
	}
	n.Paths = append(make([]lockgraph.Path, 0, max(len(cp.Paths), 1)), str)
	for _, p := range cp.Paths {
		if !p.Equal(str) {
			n.Paths = append(n.Paths, p)
		}
	}
	return n
}

// branchGroup is the branch a copy is grouped by under PerBranch: the ref
// its original names, else the ref git recorded when locking (a default
// branch resolved without a fetch), without refs/heads/.
func branchGroup(cp *lockgraph.Copy) string {
	b := cp.Branch
	if b == "" && cp.Node.Locked.Str("type") == "git" {
		b = cp.Node.Locked.Str("ref")
	}
	return strings.TrimPrefix(b, "refs/heads/")
}

// SelectInputs resolves names (as Options.Inputs) and all (as Options.All)
// on a checked lock: the identities other than nixpkgs they select, in walk
// order, and whether they select nixpkgs. check and graph use it to read
// --input and --all as plan does.
func SelectInputs(l *lockgraph.Lock, c lockgraph.Classifier, names []string, all bool) ([]lockgraph.Group, bool, error) {
	if len(names) == 0 && !all {
		return nil, false, nil // nothing to select: the identities are not needed
	}
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
