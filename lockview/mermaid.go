package lockview

import (
	"fmt"
	"io"
	"strings"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// Mermaid writes a flowchart (GitHub and Gitea render it): nixpkgs copies
// highlighted, follows drawn dotted.
func (v *View) Mermaid(w io.Writer) error {
	keys, edges, err := v.reachable()
	if err != nil {
		return err
	}
	id := make(map[string]string, len(keys))
	b := &strings.Builder{}
	b.WriteString("flowchart LR\n")
	for i, k := range keys {
		id[k] = fmt.Sprintf("n%d", i)
		class := ""
		if cp := v.Copy(k); cp != nil {
			class = ":::nixpkgs"
			if cp.Source.Class == lockgraph.NixpkgsLike {
				class = ":::nixpkgslike"
			}
		}
		fmt.Fprintf(b, "  %s[\"%s\"]%s\n", id[k], mermaidText(v.nodeLabel(k)), class)
	}
	for _, e := range edges {
		arrow := "-->"
		if e.follows {
			arrow = "-.->"
		}
		fmt.Fprintf(b, "  %s %s|\"%s\"| %s\n", id[e.from], arrow, mermaidText(e.name), id[e.to])
	}
	b.WriteString("  classDef nixpkgs fill:#7eb6ff,stroke:#333\n  classDef nixpkgslike fill:#d9d9d9,stroke:#333\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// mermaidText escapes a label for a quoted Mermaid string.
func mermaidText(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "\n", "<br/>")
	return r.Replace(s)
}
