// Package lockview renders a flake.lock graph for people and tools: an
// indented tree, Graphviz dot, Mermaid and JSON, with nixpkgs copies marked
// by branch, short revision and date, follows drawn as links, and, when
// asked, each source's Nix store path, whether it is present and the
// binary caches its flake declares.
package lockview

import (
	"time"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
)

// View is a lock with its nixpkgs copies found.
type View struct {
	Lock   *lockgraph.Lock
	Copies []lockgraph.Copy
	byKey  map[string]*lockgraph.Copy
	dups   map[string]dup             // copies of other identities (MarkInputs)
	store  map[string]nixstore.Source // by node key (MarkStore); nil: not asked
	caches map[string]nixstore.Caches // by node key (MarkCaches); nil: not asked
}

// New classifies l's nodes with c. l must have passed Check.
func New(l *lockgraph.Lock, c lockgraph.Classifier) (*View, error) {
	copies, err := l.Copies(c)
	if err != nil {
		return nil, err
	}
	v := &View{Lock: l, Copies: copies, byKey: map[string]*lockgraph.Copy{}}
	for i := range v.Copies {
		v.byKey[v.Copies[i].Key] = &v.Copies[i]
	}
	return v, nil
}

// Copy returns the copy for node key, or nil when the node is not nixpkgs(-like).
func (v *View) Copy(key string) *lockgraph.Copy { return v.byKey[key] }

// Identity names what a node locks to, for telling revisions apart.
func Identity(n *lockgraph.Node) string {
	if r := n.Locked.Str("rev"); r != "" {
		return r
	}
	if h := n.Locked.Str("narHash"); h != "" {
		return h
	}
	return lockgraph.FlakeURL(n.Locked)
}

// ShortRev is the first 7 characters of a revision, as git shows it.
func ShortRev(rev string) string {
	if len(rev) > 7 {
		return rev[:7]
	}
	return rev
}

// Date formats a lastModified timestamp as a UTC day, or "" for none.
func Date(lastModified uint64) string {
	if lastModified == 0 {
		return ""
	}
	return time.Unix(int64(lastModified), 0).UTC().Format("2006-01-02")
}

// Label describes a copy in a few words: branch, short rev, date.
func Label(cp *lockgraph.Copy) string {
	s := ""
	add := func(x string) {
		if x == "" {
			return
		}
		if s != "" {
			s += " "
		}
		s += x
	}
	add(cp.Branch)
	if cp.PinnedRev != "" {
		add("pinned")
	}
	add(ShortRev(cp.Rev))
	add(Date(cp.LastModified))
	if cp.Node.NotFlake {
		add("flake=false")
	}
	return s
}
