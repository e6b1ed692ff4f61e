// Command lockread is the floor for `flake-unify check`: it reads a
// flake.lock with encoding/json into plain Go values and prints how many
// nodes are locked to NixOS/nixpkgs on GitHub. No graph, no checks, no
// classification beyond that: what any Go tool must do to answer the
// question at all.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type lock struct {
	Nodes   map[string]node `json:"nodes"`
	Root    string          `json:"root"`
	Version int             `json:"version"`
}

type node struct {
	Inputs   map[string]any `json:"inputs"`
	Locked   map[string]any `json:"locked"`
	Original map[string]any `json:"original"`
	Flake    *bool          `json:"flake"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: lockread FLAKE.LOCK")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var l lock
	if err := json.Unmarshal(data, &l); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	n := 0
	for _, nd := range l.Nodes {
		owner, _ := nd.Locked["owner"].(string)
		repo, _ := nd.Locked["repo"].(string)
		if strings.EqualFold(owner, "NixOS") && repo == "nixpkgs" {
			n++
		}
	}
	fmt.Printf("%s: %d nixpkgs nodes of %d\n", os.Args[1], n, len(l.Nodes))
}
