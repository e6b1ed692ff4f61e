package nixstore

import (
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// Source is what the store says about one locked node.
type Source struct {
	// Path is the node's store path, "" when it has none (see Why).
	Path string `json:"storePath,omitempty"`
	// InStore reports that Path is present in the store.
	InStore bool `json:"inStore"`
	// Why says why there is no store path, or why presence could not be
	// told (the store could not be read); "" otherwise.
	Why string `json:"why,omitempty"`
}

// Source answers for one locked node: its store path from the locked
// narHash, and whether the path is present.
func (s Store) Source(n *lockgraph.Node) Source {
	nh := n.Locked.Str("narHash")
	if nh == "" {
		why := "the lock records no narHash"
		if n.Locked.Str("type") == "path" && n.HasParent {
			why += " (a relative path input is read from its parent's source)"
		}
		return Source{Why: why}
	}
	// The hash is parsed once, for both the check and the path.
	var buf [64]byte
	h, err := parseHashTo(buf[:], nh)
	if why := lockHashProblem(nh, h, err); why != "" {
		return Source{Why: why}
	}
	p, err := s.sha256SourcePath(h)
	if err != nil {
		return Source{Why: "no store path: " + err.Error()}
	}
	ok, err := s.Has(p)
	if err != nil {
		return Source{Path: p, Why: "cannot tell whether it is present: " + err.Error()}
	}
	return Source{Path: p, InStore: ok}
}

// Sources answers for every locked node of l (the root has no source of
// its own), by node key.
func (s Store) Sources(l *lockgraph.Lock) map[string]Source {
	out := make(map[string]Source, len(l.Nodes))
	for k, n := range l.Nodes {
		if k == l.Root || n.Locked == nil {
			continue
		}
		out[k] = s.Source(n)
	}
	return out
}

// Downloads counts what the nodes keys need fetched: distinct store
// paths not present, and nodes whose presence is unknown (no store path,
// or a store that could not be read). A planner calls it with the nodes
// its result keeps to say "N sources to download" (0: all present).
func Downloads(srcs map[string]Source, keys []string) (absent, unknown int) {
	return countFetches(func(yield func(Source) bool) {
		for _, k := range keys {
			if !yield(srcs[k]) { // a key without an answer is unknown
				return
			}
		}
	})
}

// countFetches is Downloads over the answers srcs gives: each absent
// store path once, each unknown answer (a zero Source among them) once
// per answer.
func countFetches(srcs iter.Seq[Source]) (absent, unknown int) {
	var paths []string
	for src := range srcs {
		switch {
		case src.Path == "" || src.Why != "":
			unknown++
		case !src.InStore:
			paths = append(paths, src.Path)
		}
	}
	slices.Sort(paths)
	return len(slices.Compact(paths)), unknown
}

// lockHashProblem says why Nix would refuse narHash in a lock, or "".
// Nix reads a lock's narHash only as SRI SHA-256 ("sha256-" and base64):
// it stops on "sha256:<base16>" and the like with "is not SRI" and on
// other types with "narHash must use SHA-256", so such a node has no
// store path Nix would use, whatever its digest says.
// h and err are what parseHashTo made of it.
func lockHashProblem(nh string, h hash, err error) string {
	switch {
	case err != nil:
		return "no store path: malformed narHash " + quoteShort(nh) + ": " + err.Error()
	case h.algo != "sha256":
		return "no store path: the narHash is " + h.algo + ", and Nix requires SHA-256 in a lock"
	case !strings.HasPrefix(nh, "sha256-"):
		return "no store path: the narHash " + quoteShort(nh) + " is not SRI (sha256-…), and Nix refuses it in a lock"
	}
	return ""
}

// quoteShort quotes s, cut to a length an error line can carry.
func quoteShort(s string) string {
	if len(s) > 100 {
		s = s[:97] + "..."
	}
	return strconv.Quote(s)
}

// ToFetch counts what evaluating the flake of lock l needs fetched on
// this machine: Downloads over every node its inputs reach (follows
// resolved), so a plan can say "N sources to download" for the lock it
// writes (0: everything is present).
func (s Store) ToFetch(l *lockgraph.Lock) (absent, unknown int, err error) {
	return ToFetchFrom(l, s.Source)
}

// ToFetchFrom is ToFetch with each reached node's Source from source, which
// a caller asking about several locks that share sources (a plan's lock
// before and after) may answer from what it learnt already. Nodes no input
// reaches are not asked about.
func ToFetchFrom(l *lockgraph.Lock, source func(*lockgraph.Node) Source) (absent, unknown int, err error) {
	// The counts do not depend on order: the reached keys are gathered,
	// then sorted to take each once, and so are the absent paths. (Maps
	// by key would cost more than the slices, which a walk fills about
	// once per input.)
	room := 0
	for _, n := range l.Nodes {
		room += len(n.Inputs)
	}
	keys := make([]string, 0, room)
	err = l.Targets(func(k string) {
		if k != l.Root {
			keys = append(keys, k)
		}
	})
	if err != nil {
		return 0, 0, err
	}
	slices.Sort(keys)
	absent, unknown = countFetches(func(yield func(Source) bool) {
		for _, k := range slices.Compact(keys) {
			var src Source // not asked: unknown
			if n := l.Nodes[k]; n != nil && n.Locked != nil {
				src = source(n)
			}
			if !yield(src) {
				return
			}
		}
	})
	return absent, unknown, nil
}
