package lockview

import (
	"fmt"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// dup says that a node is one of several copies of a source identity.
type dup struct {
	input string // the identity as a flake reference
	n, of int    // copy n (1-based, walk order) of `of`
}

// MarkInputs marks every copy of the given identities (from
// lockgraph.Lock.Groups; groups with one copy are not marked): the tree
// notes "copy 2/3 of github:numtide/flake-utils", dot fills them, JSON
// names the identity.
func (v *View) MarkInputs(groups []lockgraph.Group) {
	if v.dups == nil {
		v.dups = map[string]dup{}
	}
	for _, g := range groups {
		if len(g.Copies) < 2 {
			continue
		}
		for i := range g.Copies {
			v.dups[g.Copies[i].Key] = dup{input: g.ID.String(), n: i + 1, of: len(g.Copies)}
		}
	}
}

// dupMark is the tree's note on a marked copy, or "".
func (v *View) dupMark(key string) string {
	d, ok := v.dups[key]
	if !ok {
		return ""
	}
	return fmt.Sprintf("[%s: copy %d/%d of %s]", key, d.n, d.of, d.input)
}
