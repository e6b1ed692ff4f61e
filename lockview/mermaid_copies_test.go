package lockview

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// copiesLock builds a lock: nodes maps a key to its inputs (a value
// starting with "->" is a follows path); a key starting with "nixpkgs" is
// NixOS/nixpkgs, any other a github flake of its own.
func copiesLock(t *testing.T, nodes map[string]map[string]string) *lockgraph.Lock {
	t.Helper()
	all := map[string]any{}
	for k, ins := range nodes {
		m := map[string]any{}
		in := map[string]any{}
		for name, to := range ins {
			if p, ok := strings.CutPrefix(to, "->"); ok {
				in[name] = strings.Split(p, "/")
			} else {
				in[name] = to
			}
		}
		if len(in) > 0 {
			m["inputs"] = in
		}
		if k != "root" {
			owner, repo := "example", k
			if strings.HasPrefix(k, "nixpkgs") {
				owner, repo = "NixOS", "nixpkgs"
			}
			m["original"] = map[string]any{"type": "github", "owner": owner, "repo": repo}
			m["locked"] = map[string]any{"type": "github", "owner": owner, "repo": repo, "rev": strings.Repeat("ab", 20),
				"lastModified": 1704067200, "narHash": "sha256-AAAA"}
		}
		all[k] = m
	}
	data, err := json.Marshal(map[string]any{"nodes": all, "root": "root", "version": 7})
	if err != nil {
		t.Fatal(err)
	}
	l, err := lockgraph.Parse("flake.lock", data)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Check(); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestCopiesMermaid(t *testing.T) {
	const classes = "  classDef nixpkgs fill:#7eb6ff,stroke:#333\n  classDef nixpkgslike fill:#d9d9d9,stroke:#333\n" +
		"  classDef target fill:#7eb6ff,stroke:#c00,stroke-width:3px\n"
	for _, tc := range []struct {
		name   string
		nodes  map[string]map[string]string
		target string
		want   string
		n, e   int
	}{{
		name: "a chain collapses into one path-labelled edge; inputs without nixpkgs go",
		nodes: map[string]map[string]string{
			"root": {"a": "a", "nixpkgs": "nixpkgs", "utils": "utils"},
			"a":    {"b": "b", "utils": "->utils"}, "b": {"nixpkgs": "nixpkgs_2"},
			"utils": {}, "nixpkgs": {}, "nixpkgs_2": {},
		},
		target: "nixpkgs",
		want: "flowchart LR\n" +
			"  n0[\"root\"]\n" +
			"  n1[\"nixpkgs_2<br/>abababa 2024-01-01\"]:::nixpkgs\n" +
			"  n2[\"nixpkgs<br/>abababa 2024-01-01\"]:::target\n" +
			"  n0 -->|\"a/b/nixpkgs\"| n1\n" +
			"  n0 -->|\"nixpkgs\"| n2\n" + classes,
		n: 3, e: 2,
	}, {
		name: "a node with two ways out stays; follows are dotted",
		nodes: map[string]map[string]string{
			"root":    {"a": "a", "nixpkgs": "nixpkgs"},
			"a":       {"nixpkgs": "->nixpkgs", "nixpkgs-stable": "nixpkgs_2"},
			"nixpkgs": {}, "nixpkgs_2": {},
		},
		want: "flowchart LR\n" +
			"  n0[\"root\"]\n" +
			"  n1[\"a\"]\n" +
			"  n2[\"nixpkgs<br/>abababa 2024-01-01\"]:::nixpkgs\n" +
			"  n3[\"nixpkgs_2<br/>abababa 2024-01-01\"]:::nixpkgs\n" +
			"  n0 -->|\"a\"| n1\n" +
			"  n1 -.->|\"nixpkgs\"| n2\n" +
			"  n1 -->|\"nixpkgs-stable\"| n3\n" +
			"  n0 -->|\"nixpkgs\"| n2\n" + classes,
		n: 4, e: 4,
	}, {
		name: "names are escaped for a quoted label",
		nodes: map[string]map[string]string{
			"root": {"a\"|#<b>`x`": "nixpkgs"}, "nixpkgs": {},
		},
		want: "flowchart LR\n" +
			"  n0[\"root\"]\n" +
			"  n1[\"nixpkgs<br/>abababa 2024-01-01\"]:::nixpkgs\n" +
			"  n0 -->|\"a#quot;#124;#35;#lt;b#gt;#96;x#96;\"| n1\n" + classes,
		n: 2, e: 1,
	}, {
		name:  "no copies: the root alone",
		nodes: map[string]map[string]string{"root": {"a": "a"}, "a": {}},
		want:  "flowchart LR\n  n0[\"root\"]\n" + classes,
		n:     1, e: 0,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := New(copiesLock(t, tc.nodes), lockgraph.Classifier{})
			if err != nil {
				t.Fatal(err)
			}
			g, err := v.CopiesMermaid(tc.target)
			if err != nil {
				t.Fatal(err)
			}
			if g.Text != tc.want || g.Nodes != tc.n || g.Edges != tc.e {
				t.Errorf("got %d nodes, %d edges:\n%s\nwant %d, %d:\n%s", g.Nodes, g.Edges, g.Text, tc.n, tc.e, tc.want)
			}
		})
	}
}
