package verify

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/unify"
)

// Candidate is one nixpkgs revision of the lock the flake could be unified
// onto.
type Candidate struct {
	// Path is the input path given to unify.Options.To: a root input
	// when one reaches the revision, else its shortest literal path.
	Path         lockgraph.Path
	Key          string // node key in the canonical lock
	Branch       string // original.ref or channel
	Rev          string // locked.rev
	LastModified uint64 // locked.lastModified
	// Root is the root input that reaches it ("" if none); Uses counts
	// the input paths that reach this revision, over every node locking it.
	Root string
	Uses int

	order int // walk order of its node
}

// Label is "branch shortrev date", the words lockview uses for a copy.
func (c *Candidate) Label() string {
	var parts []string
	for _, s := range []string{c.Branch, lockview.ShortRev(c.Rev), lockview.Date(c.LastModified)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

func (c *Candidate) String() string { return c.Path.String() + " (" + c.Label() + ")" }

// Order describes the order Candidates returns for a strategy.
func Order(s unify.Strategy) string {
	switch s {
	case unify.Newest:
		return "newest first"
	case unify.MostUsed:
		return "most used first, then newest"
	}
	return "the root's own first, then newest"
}

// Candidates returns the revisions the planner could unify files onto, in
// opt.Strategy's order of preference (see the package comment).
func Candidates(files unify.Files, opt unify.Options) ([]Candidate, error) {
	old, err := lockgraph.Parse(files.LockName, files.Lock)
	if err != nil {
		return nil, err
	}
	if err := old.Check(); err != nil {
		return nil, err
	}
	l, err := old.Canonical()
	if err != nil {
		return nil, err
	}
	copies, err := l.Copies(opt.Classifier)
	if err != nil {
		return nil, err
	}
	str := stringEdges(l)
	kept, err := keptKeys(l, copies, str, opt.Keep)
	if err != nil {
		return nil, err
	}
	byRev := map[string]int{} // lockview.Identity → index in out
	var out []Candidate
	for i := range copies {
		cp := &copies[i]
		root := rootName(cp.Paths)
		if cp.Source.Class != lockgraph.Nixpkgs || cp.Node.NotFlake || ((cp.PinnedRev != "" || kept[cp.Key]) && root == "") {
			continue
		}
		c := Candidate{Path: spelling(l, str[cp.Key], cp.Paths, root), Key: cp.Key, Branch: cp.Branch, Rev: cp.Rev,
			LastModified: cp.LastModified, Root: root, Uses: len(cp.Paths), order: i}
		id := lockview.Identity(cp.Node)
		j, seen := byRev[id]
		if !seen {
			byRev[id] = len(out)
			out = append(out, c)
			continue
		}
		// The same revision locked twice: one candidate, named by the
		// better of the two nodes, used by both.
		uses := out[j].Uses + c.Uses
		if better(&c, &out[j]) {
			out[j] = c
		}
		out[j].Uses = uses
	}
	slices.SortStableFunc(out, func(a, b Candidate) int { return compare(opt.Strategy, &a, &b) })
	return out, nil
}

// keptKeys are the nodes --keep names or lies above.
func keptKeys(l *lockgraph.Lock, copies []lockgraph.Copy, str map[string]lockgraph.Path, keep []string) (map[string]bool, error) {
	kept := map[string]bool{}
	for _, k := range keep {
		p := lockgraph.ParsePath(k)
		key, err := l.Resolve(p)
		if err != nil || len(p) == 0 {
			why := "the root itself cannot be kept"
			if err != nil {
				why = err.Error()
			}
			return nil, &diag.Error{What: "--keep " + k, Why: why,
				Hint: "name an input path of flake.lock, e.g. home-manager/nixpkgs (see `flake-unify graph`)"}
		}
		for i := range copies {
			if copies[i].Key == key || str[copies[i].Key].HasPrefix(str[key]) {
				kept[copies[i].Key] = true
			}
		}
	}
	return kept, nil
}

// stringEdges maps every node of the canonical lock l to the path of its
// string edge (a follows may come first in walk order).
func stringEdges(l *lockgraph.Lock) map[string]lockgraph.Path {
	str := map[string]lockgraph.Path{}
	_ = l.Walk(func(p lockgraph.Path, _ *lockgraph.Node, in *lockgraph.Input) error {
		if !in.IsFollows {
			str[in.Node] = slices.Clone(p)
		}
		return nil
	})
	return str
}

// rootName is the root input among paths: "nixpkgs" first, else the least
// by name.
func rootName(paths []lockgraph.Path) string {
	best := ""
	for _, p := range paths {
		if len(p) == 1 && (best == "" || p[0] == "nixpkgs" || (best != "nixpkgs" && p[0] < best)) {
			best = p[0]
		}
	}
	return best
}

// spelling is the path the planner's declarations would name the node by:
// its root input, else its shortest literal path (Nix < 2.18 accepts no
// other follows target), its string edge str on a tie.
func spelling(l *lockgraph.Lock, str lockgraph.Path, paths []lockgraph.Path, root string) lockgraph.Path {
	if root != "" {
		return lockgraph.Path{root}
	}
	best := str
	for _, p := range paths {
		if len(p) < len(best) && l.LiteralPath(p) {
			best = p
		}
	}
	return best
}

// better breaks ties between nodes of one revision: a root input, then the
// shorter path, then walk order.
func better(a, b *Candidate) bool { return tie(a, b) < 0 }

func tie(a, b *Candidate) int {
	if (a.Root != "") != (b.Root != "") {
		if a.Root != "" {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(len(a.Path), len(b.Path)), cmp.Compare(a.order, b.order))
}

func newest(a, b *Candidate) int {
	return cmp.Or(cmp.Compare(b.LastModified, a.LastModified), tie(a, b))
}

// compare orders candidates by strategy s's preference.
func compare(s unify.Strategy, a, b *Candidate) int {
	switch s {
	case unify.Newest:
		return newest(a, b)
	case unify.MostUsed:
		return cmp.Or(cmp.Compare(b.Uses, a.Uses), newest(a, b))
	}
	ra, rb := rootRank(a), rootRank(b)
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	if ra == 1 && a.Root != b.Root {
		return strings.Compare(a.Root, b.Root)
	}
	return newest(a, b)
}

// rootRank: the root's "nixpkgs" 0, another root input 1, the rest 2.
func rootRank(c *Candidate) int {
	switch c.Root {
	case "nixpkgs":
		return 0
	case "":
		return 2
	}
	return 1
}

// limitWhy is the matrix's note on candidates left out by a limit.
func limitWhy(n, limit int) string {
	word := "candidates"
	if n == 1 {
		word = "candidate"
	}
	return fmt.Sprintf("%d more %s not tried (--verify-limit %d)", n, word, limit)
}
