package lockview

import (
	"fmt"
	"io"
	"strings"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// Tree writes the input tree the way `nix flake metadata` draws it, each
// input with its source, nixpkgs copies marked, follows shown as links.
func (v *View) Tree(w io.Writer, title string) error {
	b := &strings.Builder{}
	b.WriteString(title + "\n")
	prefixes := []string{""}
	err := v.Lock.Walk(func(path lockgraph.Path, from *lockgraph.Node, in *lockgraph.Input) error {
		depth := len(path) - 1
		prefixes = prefixes[:depth+1]
		last := &from.Inputs[len(from.Inputs)-1] == in
		branch, cont := "├───", "│   "
		if last {
			branch, cont = "└───", "    "
		}
		b.WriteString(prefixes[depth] + branch + in.Name)
		if in.IsFollows {
			fmt.Fprintf(b, " follows '%s'", in.Follows)
			if key, err := v.Lock.Resolve(path); err == nil && v.Copy(key) != nil {
				fmt.Fprintf(b, " → %s", key)
			}
		} else {
			n := v.Lock.Nodes[in.Node]
			b.WriteString(": " + lockgraph.FlakeURL(n.Original))
			if cp := v.Copy(in.Node); cp != nil {
				b.WriteString("  " + mark(cp))
			} else if m := v.dupMark(in.Node); m != "" {
				b.WriteString("  " + m)
			}
			for _, m := range []string{v.storeMark(in.Node), v.cacheMark(in.Node)} {
				if m != "" {
					b.WriteString("  " + m)
				}
			}
		}
		b.WriteByte('\n')
		prefixes = append(prefixes, prefixes[depth]+cont)
		return nil
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// mark is the bracketed note on a nixpkgs copy: [nixpkgs_2: nixos-24.05 1a2b3c4 2024-05-01].
func mark(cp *lockgraph.Copy) string {
	label := Label(cp)
	if cp.Source.Class == lockgraph.NixpkgsLike {
		label = strings.TrimSpace(cp.Source.Why + " " + label)
		return "[" + cp.Key + " (not counted): " + label + "]"
	}
	return "[" + cp.Key + ": " + label + "]"
}
