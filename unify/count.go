package unify

import (
	"slices"
	"sync"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// Tally are the numbers of a set of copies. Forks, subsets and
// derivatives of nixpkgs (class NixpkgsLike) are not counted: they are not
// the copies flake-unify removes.
type Tally struct {
	Copies int
	// Revisions are the distinct revisions locked (rev, else narHash, else
	// the locked reference).
	Revisions int
	// Sources are the distinct sources (locked narHash, else the
	// revision): what Nix downloads and keeps as a store path once each.
	Sources int
}

// Count tallies copies, as lockgraph's Copies or a Group's Copies give them.
func Count(copies []lockgraph.Copy) Tally {
	return count(copies, func(*lockgraph.Node) bool { return true })
}

// count tallies the copies whose node is kept.
func count(copies []lockgraph.Copy, kept func(*lockgraph.Node) bool) Tally {
	var t Tally
	revs, srcs := map[string]bool{}, map[string]bool{}
	for i := range copies {
		cp := &copies[i]
		if cp.Source.Class == lockgraph.NixpkgsLike || !kept(cp.Node) {
			continue
		}
		t.Copies++
		rev := lockedID(cp.Node)
		revs[rev] = true
		if h := cp.Node.Locked.Str("narHash"); h != "" {
			srcs[h] = true
		} else {
			srcs[rev] = true
		}
	}
	t.Revisions, t.Sources = len(revs), len(srcs)
	return t
}

// countAfter tallies the copies of the final lock. When it was re-keyed
// in place (root is still its root node), or not changed at all, its
// nodes are the surveyed ones that are still reached: a surveyed copy
// counts if its node is still stored under its (new) key, and no walk is
// needed. A final lock that had to be rebuilt is surveyed again.
func (pl *planner) countAfter(final *lockgraph.Lock, root *lockgraph.Node) (Tally, error) {
	if final.RootNode() != root {
		copies, err := final.Copies(pl.opt.Classifier)
		return Count(copies), err
	}
	return count(pl.copies, func(n *lockgraph.Node) bool { return final.Nodes[n.Key] == n }), nil
}

// lockedID names what a node locks to, for telling revisions apart.
func lockedID(n *lockgraph.Node) string {
	if r := n.Locked.Str("rev"); r != "" {
		return r
	}
	if h := n.Locked.Str("narHash"); h != "" {
		return h
	}
	return lockgraph.FlakeURL(n.Locked)
}

// finish computes the new files, the targets in order (nixpkgs first) and
// the summary.
func (pl *planner) finish() error {
	p := pl.plan
	in := p.Files
	for _, s := range pl.sources {
		for _, t := range s.targets {
			if !s.nixpkgs {
				t.Group = ""
			}
			p.Targets = append(p.Targets, t)
		}
		if s.nixpkgs {
			// The root's inputs on other release lines, when a redirect
			// follows them, in walk order.
			for _, c := range s.cands {
				if t := pl.lineTargets[c.Key]; t != nil && slices.ContainsFunc(p.Redirects, func(r Redirect) bool { return r.TargetNode == t.Key }) {
					p.Targets = append(p.Targets, *t)
				}
			}
		}
	}
	if pl.opt.LockOnly && len(p.Redirects) > 0 {
		p.Warnings = append(p.Warnings, lockOnlyWarning(p.Redirects))
	}
	if p.NixNeeded && !p.Nix.Known() {
		p.Warnings = append(p.Warnings, "Nix version unknown (no nix on PATH): planned for Nix 2.8, which cannot declare follows deeper than two levels; pass --nix-version 2.30 (or newer) if you use a newer Nix")
	}
	p.NewLock = in.Lock
	if pl.flake != nil {
		p.NewFlake = in.Flake
	}
	if pl.flakeEdited {
		p.NewFlake = pl.flake.Bytes()
	}
	if len(p.Redirects) > 0 && pl.flake != nil && !pl.opt.LockOnly {
		p.NewFlake = pl.flake.Bytes()
	}
	b := pl.before
	if pl.opt.Verdict {
		if len(p.Redirects) > 0 {
			p.NewLock = nil
		}
		p.Summary = Summary{CopiesBefore: b.Copies, RevisionsBefore: b.Revisions, SourcesBefore: b.Sources,
			NodesBefore: pl.nodesBefore, LockBytesBefore: len(in.Lock), Redirected: len(p.Redirects)}
		if len(p.Redirects) > 0 {
			p.Summary.Kept = len(p.Kept)
		}
		return nil
	}
	final, root := pl.lock, pl.lock.RootNode()
	if len(p.Redirects) > 0 {
		// The planner is done with its lock as edited: it is re-keyed in
		// place rather than copied.
		if err := final.Canonicalize(); err != nil {
			return err
		}
	}
	// What the new lock needs fetched is a question to the store per
	// source (a stat each): it is asked on another goroutine while the
	// lock is written and its copies counted, which only read it too.
	var downloads *Downloads
	var fetchErr error
	var fetching sync.WaitGroup
	if pl.opt.Store != nil {
		fetching.Go(func() { downloads, fetchErr = pl.downloads(final) })
	}
	defer fetching.Wait()
	if len(p.Redirects) > 0 {
		var err error
		if p.NewLock, err = final.Encode(); err != nil {
			return err
		}
	}
	after, err := pl.countAfter(final, root)
	if err != nil {
		return err
	}
	p.Summary = Summary{
		CopiesBefore: b.Copies, CopiesAfter: after.Copies,
		RevisionsBefore: b.Revisions, RevisionsAfter: after.Revisions,
		SourcesBefore: b.Sources, SourcesAfter: after.Sources,
		NodesBefore: pl.nodesBefore, NodesAfter: len(final.Nodes),
		LockBytesBefore: len(in.Lock), LockBytesAfter: len(p.NewLock),
		Redirected: len(p.Redirects),
	}
	if len(p.Redirects) > 0 {
		p.Summary.Kept = len(p.Kept)
	}
	fetching.Wait()
	if fetchErr != nil {
		return fetchErr
	}
	p.Summary.Downloads = downloads
	if !pl.multi {
		return nil
	}
	groups, err := final.Groups(pl.opt.Classifier)
	if err != nil {
		return err
	}
	for _, s := range pl.sources {
		is := InputSummary{Input: s.name, CopiesBefore: b.Copies, CopiesAfter: after.Copies, SourcesBefore: b.Sources, SourcesAfter: after.Sources}
		if !s.nixpkgs {
			before := Count(s.group.Copies)
			is = InputSummary{Input: s.name, CopiesBefore: before.Copies, SourcesBefore: before.Sources}
			for _, g := range groups {
				if g.ID == s.group.ID {
					a := Count(g.Copies)
					is.CopiesAfter, is.SourcesAfter = a.Copies, a.Sources
				}
			}
		}
		p.Summary.Inputs = append(p.Summary.Inputs, is)
	}
	return nil
}
