package unify

import (
	"fmt"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
)

// Store is what this machine's Nix store says about the lock being
// planned. The caller gathers it (a stat and a file read per question, or
// a fetch with Nix when the user allowed one), so that planning itself
// runs no process; nil means the store is not consulted at all: no copy is
// kept for its caches and no download count is given. Make asks one
// question at a time, though not always on the caller's goroutine: it
// counts the downloads while it writes the new lock.
type Store interface {
	// CachesOf answers for the dependency above input path p of the lock
	// (for home-manager/nixpkgs: home-manager), as nixstore.Store.CachesOf.
	CachesOf(p lockgraph.Path) nixstore.Caches
	// InStore reports whether node n's locked source is in the store.
	InStore(n *lockgraph.Node) bool
	// ToFetch counts what the flake of lock l needs fetched: distinct
	// absent sources, and sources whose presence cannot be told.
	ToFetch(l *lockgraph.Lock) (absent, unknown int, err error)
}

// Downloads is what the flake as planned needs fetched on this machine.
type Downloads struct {
	Absent  int // distinct sources not in the store
	Unknown int // sources whose presence cannot be told (no store path)
}

// cachesOf is what the store says about the caches of the dependencies
// that a redirect of c takes off their own nixpkgs: the dependency above
// each input path that reaches c. A declared cache decides (the first one
// met); otherwise an unknown answer is reported, never read as none. It
// returns the answer and the input path of the dependency it is about.
func (pl *planner) cachesOf(c *cand) (nixstore.Caches, lockgraph.Path) {
	// The first unknown answer is kept by value (a pointer to the loop's
	// answer would put every answer on the heap).
	var unknown nixstore.Caches
	var unknownDep lockgraph.Path
	haveUnknown := false
	for _, p := range c.Paths {
		ca := pl.opt.Store.CachesOf(p)
		switch ca.Known {
		case nixstore.Declared:
			if len(ca.Own()) > 0 {
				return ca, p[:len(p)-1]
			}
		case nixstore.Unknown:
			if !haveUnknown {
				unknown, unknownDep, haveUnknown = ca, p[:len(p)-1], true
			}
		}
	}
	if haveUnknown {
		return unknown, unknownDep
	}
	return nixstore.Caches{Known: nixstore.None}, c.str[:len(c.str)-1]
}

// cacheWhy is the reason a copy is kept for dep's binary caches: the
// cost, and where the first cache is declared.
func cacheWhy(ca nixstore.Caches, dep lockgraph.Path) string {
	return fmt.Sprintf("%s: %s (%s); --merge cached merges it", dep, ca.Reason(), ca.Own()[0].At())
}

// inStore reports whether c's source is present; false without a Store.
func (pl *planner) inStore(c *cand) bool {
	return pl.opt.Store != nil && pl.opt.Store.InStore(pl.lock.Nodes[c.Key])
}

// downloads counts what the final lock needs fetched; nil without a
// Store.
func (pl *planner) downloads(final *lockgraph.Lock) (*Downloads, error) {
	if pl.opt.Store == nil {
		return nil, nil
	}
	absent, unknown, err := pl.opt.Store.ToFetch(final)
	if err != nil {
		return nil, err
	}
	return &Downloads{Absent: absent, Unknown: unknown}, nil
}
