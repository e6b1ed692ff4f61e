package lockview

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/internal/lazy"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// CopiesGraph is a Mermaid flowchart of a lock's nixpkgs copies, with its
// size, so that a caller with little room (a pull request body) can decide
// whether to show it.
type CopiesGraph struct {
	Text         string // "flowchart LR\n…", without a fence
	Nodes, Edges int
}

// CopiesMermaid draws only what matters for unification: the nixpkgs(-like)
// copies, the inputs that reach them (string edges and follows) and the
// paths from the root to those. A node that is a mere step on one path (one
// string edge in, one edge out, not a copy) is collapsed into the edge,
// which is then labelled with the input path it stands for, e.g.
// "cardano-node/haskellNix/nixpkgs". The real 424-node corpus lock draws
// this way with a fraction of its nodes.
//
// The node with key target, if not empty, is drawn as the target.
func (v *View) CopiesMermaid(target string) (CopiesGraph, error) {
	keys, all, err := v.reachable()
	if err != nil {
		return CopiesGraph{}, err
	}
	// A node matters when some edge path leads from it to a copy.
	into := map[string][]int{}
	for i, e := range all {
		into[e.to] = append(into[e.to], i)
	}
	matters := map[string]bool{}
	var queue []string
	for _, k := range keys {
		if v.Copy(k) != nil {
			matters[k] = true
			queue = append(queue, k)
		}
	}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		for _, i := range into[k] {
			if f := all[i].from; !matters[f] {
				matters[f] = true
				queue = append(queue, f)
			}
		}
	}

	type cedge struct {
		edge
		dead bool
	}
	var es []cedge
	in, out := map[string][]int{}, map[string][]int{}
	for _, e := range all {
		if matters[e.from] && matters[e.to] {
			in[e.to] = append(in[e.to], len(es))
			out[e.from] = append(out[e.from], len(es))
			es = append(es, cedge{edge: e})
		}
	}
	// Collapse steps in walk order. The incoming edge takes the step's
	// place (so the edge order stays the walk order) and the outgoing one
	// dies; a chain collapses link by link, as the merged edge is the next
	// step's single incoming edge.
	for _, k := range keys {
		if k == v.Lock.Root || k == target || v.Copy(k) != nil || len(in[k]) != 1 || len(out[k]) != 1 {
			continue
		}
		a, b := &es[in[k][0]], &es[out[k][0]]
		if a.follows || a.from == k || b.to == k {
			continue
		}
		a.to, a.name, a.follows = b.to, a.name+"/"+b.name, b.follows
		b.dead = true
		for j, x := range in[b.to] {
			if x == out[k][0] {
				in[b.to][j] = in[k][0]
			}
		}
		delete(in, k)
		delete(out, k)
	}

	shown := map[string]bool{v.Lock.Root: true}
	g := CopiesGraph{}
	for _, e := range es {
		if !e.dead {
			shown[e.from], shown[e.to] = true, true
			g.Edges++
		}
	}
	id := map[string]string{}
	b := &strings.Builder{}
	b.WriteString("flowchart LR\n")
	for _, k := range keys {
		if !shown[k] {
			continue
		}
		id[k] = fmt.Sprintf("n%d", len(id))
		class := ""
		if cp := v.Copy(k); cp != nil {
			class = ":::nixpkgs"
			if cp.Source.Class == lockgraph.NixpkgsLike {
				class = ":::nixpkgslike"
			}
		}
		if k == target {
			class = ":::target"
		}
		fmt.Fprintf(b, "  %s[\"%s\"]%s\n", id[k], mermaidLabel(v.nodeLabel(k)), class)
	}
	g.Nodes = len(id)
	for _, e := range es {
		if e.dead {
			continue
		}
		arrow := "-->"
		if e.follows {
			arrow = "-.->"
		}
		fmt.Fprintf(b, "  %s %s|\"%s\"| %s\n", id[e.from], arrow, mermaidLabel(e.name), id[e.to])
	}
	b.WriteString("  classDef nixpkgs fill:#7eb6ff,stroke:#333\n  classDef nixpkgslike fill:#d9d9d9,stroke:#333\n" +
		"  classDef target fill:#7eb6ff,stroke:#c00,stroke-width:3px\n")
	g.Text = b.String()
	return g, nil
}

// mermaidLabel escapes text for a quoted Mermaid label with Mermaid's
// #code; entities. '#' goes first, as it starts every entity; a backtick
// would make the label a Mermaid markdown string, and inside a markdown
// code fence a run of them could end the fence early; '|' delimits edge
// labels.
//
// The replacer is built on first use: building it when the program starts
// would cost every command, most of which draw no graph.
func mermaidLabel(s string) string {
	return mermaidEscapes.Get(func() *strings.Replacer {
		return strings.NewReplacer(
			"#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "`", "#96;", "&", "#38;", "|", "#124;", "\n", "<br/>", "\r", "", "\t", " ",
		)
	}).Replace(s)
}

var mermaidEscapes lazy.Value[*strings.Replacer]
