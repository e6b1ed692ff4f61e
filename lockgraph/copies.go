package lockgraph

import (
	"net/url"
	"strings"
)

// A Copy is one nixpkgs (or nixpkgs-like) node of a lock with every input
// path that reaches it.
type Copy struct {
	Key          string
	Node         *Node
	Source       Source
	Branch       string // original.ref, or the channel a channel URL names
	PinnedRev    string // original.rev: the author pinned this revision on purpose
	Rev          string // locked.rev
	LastModified uint64 // locked.lastModified (0 when the fetcher records none)
	// Paths are the input positions whose edge leads here, string edges
	// and follows alike, in walk order; the first is the one that named the
	// node (for a canonical lock, its only string edge).
	Paths []Path
}

// Copies returns the nodes c classifies as Nixpkgs or NixpkgsLike, among
// those reachable from the root, in the order a walk first reaches them.
// Run Check first: a broken follows is an error here.
func (l *Lock) Copies(c Classifier) ([]Copy, error) {
	// Every node is classified first, straight from the map (no more work
	// than classifying each as the walk meets it): the copies are then
	// counted, and the result is made at that size instead of growing
	// one append at a time. An unreachable copy only makes the room
	// larger. Only the copies are entered into the map of keys the walk
	// looks its targets up in: a key not there is no copy.
	type classified struct {
		key string
		src Source
	}
	var found []classified
	for k, n := range l.Nodes {
		// the root is no copy (follows "" leads to it)
		if k == l.Root {
			continue
		}
		if src := c.Classify(n); src.Class != Other {
			found = append(found, classified{k, src})
		}
	}
	class := make(map[string]int, len(found)) // index into found
	for i, f := range found {
		class[f.key] = i
	}
	// at is each copy's place in out once met, else notMet.
	const notMet = -1
	at := make([]int, len(found))
	for i := range at {
		at[i] = notMet
	}
	out := make([]Copy, 0, len(found))
	var kept paths
	r := resolver{l: l}
	err := l.walk(func(path Path, fromKey string, _ *Node, in *Input) error {
		key, err := r.target(path, fromKey, in)
		if err != nil {
			return err
		}
		s, ok := class[key]
		if !ok {
			return nil
		}
		if at[s] == notMet {
			at[s] = len(out)
			out = append(out, newCopy(l.Nodes[key], found[s].src))
		}
		i := at[s]
		out[i].Paths = append(out[i].Paths, kept.clone(path))
		return nil
	}, false)
	if len(out) == 0 {
		out = nil // as when nothing is classified: no copies is nil
	}
	return out, err
}

func newCopy(n *Node, src Source) Copy {
	c := Copy{
		Key:          n.Key,
		Node:         n,
		Source:       src,
		Branch:       n.Original.Str("ref"),
		PinnedRev:    n.Original.Str("rev"),
		Rev:          n.Locked.Str("rev"),
		LastModified: n.Locked.Uint("lastModified"),
	}
	if c.Branch == "" {
		c.Branch = channelOf(n.Original.Str("url"))
	}
	return c
}

// channelOf extracts the channel from a channel tarball URL:
// https://channels.nixos.org/nixos-24.05/nixexprs.tar.xz → nixos-24.05.
func channelOf(raw string) string {
	if raw == "" {
		return "" // most nodes: no URL to read (and url.Parse would allocate)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	seg := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch strings.ToLower(u.Hostname()) {
	case "channels.nixos.org":
		return seg[0]
	case "nixos.org", "www.nixos.org":
		if len(seg) > 1 && seg[0] == "channels" {
			return seg[1]
		}
	}
	return ""
}
