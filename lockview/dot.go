package lockview

import (
	"fmt"
	"io"
	"strings"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// edge is one drawn edge: a string edge, or a follows to the node it resolves to.
type edge struct {
	from, to, name string
	follows        bool
}

// reachable lists the nodes reachable through string edges (root first,
// then in walk order) and the edges between them, follows included.
func (v *View) reachable() ([]string, []edge, error) {
	l := v.Lock
	keys := []string{l.Root}
	seen := map[string]bool{l.Root: true}
	var edges []edge
	drawn := map[edge]bool{}
	err := l.Walk(func(path lockgraph.Path, from *lockgraph.Node, in *lockgraph.Input) error {
		to, err := l.Target(path, in)
		if err != nil {
			return err
		}
		e := edge{from: from.Key, to: to, name: in.Name, follows: in.IsFollows}
		if !drawn[e] { // a shared node is walked once per path; draw its edges once
			drawn[e] = true
			edges = append(edges, e)
		}
		if !seen[e.to] {
			seen[e.to] = true
			keys = append(keys, e.to)
		}
		return nil
	})
	return keys, edges, err
}

func (v *View) nodeLabel(key string) string {
	if key == v.Lock.Root {
		return "root"
	}
	if cp := v.Copy(key); cp != nil {
		if l := Label(cp); l != "" {
			return key + "\n" + l
		}
	}
	return key
}

// Dot writes a Graphviz digraph: nixpkgs copies filled, follows dashed.
func (v *View) Dot(w io.Writer, title string) error {
	keys, edges, err := v.reachable()
	if err != nil {
		return err
	}
	b := &strings.Builder{}
	fmt.Fprintf(b, "digraph %s {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n", dotQuote(title))
	for _, k := range keys {
		attrs := "label=" + dotQuote(v.nodeLabel(k))
		if cp := v.Copy(k); cp != nil {
			color := "#7eb6ff"
			if cp.Source.Class == lockgraph.NixpkgsLike {
				color = "#d9d9d9"
			}
			attrs += `, style=filled, fillcolor="` + color + `"`
		} else if _, ok := v.dups[k]; ok {
			attrs += `, style=filled, fillcolor="#ffd27e"`
		}
		fmt.Fprintf(b, "  %s [%s];\n", dotQuote(k), attrs)
	}
	for _, e := range edges {
		style := ""
		if e.follows {
			style = ", style=dashed"
		}
		fmt.Fprintf(b, "  %s -> %s [label=%s%s];\n", dotQuote(e.from), dotQuote(e.to), dotQuote(e.name), style)
	}
	b.WriteString("}\n")
	_, err = io.WriteString(w, b.String())
	return err
}

func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
