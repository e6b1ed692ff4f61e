package verify

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/unify"
)

// node is one lock node of a test lock.
type node struct {
	inputs   map[string]any // name → key or follows path ([]string)
	ref      string
	rev      string
	date     string // locked.lastModified as a day
	pinned   bool
	notFlake bool
	repo     string // owner/repo on github; default NixOS/nixpkgs
}

// lockText writes a version 7 lock of nodes (root is "root").
func lockText(t *testing.T, nodes map[string]node) []byte {
	t.Helper()
	out := map[string]any{}
	for key, n := range nodes {
		m := map[string]any{}
		if n.inputs != nil {
			m["inputs"] = n.inputs
		}
		if key != "root" {
			owner, repo, _ := strings.Cut(cmpOr(n.repo, "NixOS/nixpkgs"), "/")
			day, err := time.Parse("2006-01-02", n.date)
			if err != nil {
				t.Fatal(err)
			}
			rev := strings.Repeat(n.rev, 40/len(n.rev))
			m["locked"] = map[string]any{"type": "github", "owner": owner, "repo": repo, "rev": rev,
				"lastModified": day.Unix(), "narHash": "sha256-" + strings.Repeat(n.rev, 43/len(n.rev)+1)[:43] + "="}
			orig := map[string]any{"type": "github", "owner": owner, "repo": repo}
			if n.ref != "" {
				orig["ref"] = n.ref
			}
			if n.pinned {
				orig["rev"] = rev
			}
			m["original"] = orig
			if n.notFlake {
				m["flake"] = false
			}
		}
		out[key] = m
	}
	b, err := json.MarshalIndent(map[string]any{"nodes": out, "root": "root", "version": 7}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func dep(name string, inputs map[string]any) node {
	return node{inputs: inputs, repo: "x/" + name, rev: name[:1], date: "2022-01-01"}
}

// zoo: the root's nixpkgs (23.11), a newer revision reached twice (a and b,
// different branches), an old one reached by c and, by follows, by e, one
// under g, a pinned and a flake = false copy that are newer still (never
// candidates), and a fork.
func zoo(t *testing.T) []byte {
	return lockText(t, map[string]node{
		"root":      {inputs: map[string]any{"nixpkgs": "nixpkgs", "a": "a", "b": "b", "c": "c", "e": "e", "g": "g", "p": "p", "f": "f", "k": "k"}},
		"nixpkgs":   {ref: "nixos-23.11", rev: "1", date: "2023-12-01"},
		"a":         dep("a", map[string]any{"nixpkgs": "nixpkgs_2"}),
		"nixpkgs_2": {ref: "nixos-unstable", rev: "2", date: "2024-06-01"},
		"b":         dep("b", map[string]any{"nixpkgs": "nixpkgs_3"}),
		"nixpkgs_3": {ref: "nixpkgs-unstable", rev: "2", date: "2024-06-01"},
		"c":         dep("c", map[string]any{"nixpkgs": "nixpkgs_4"}),
		"nixpkgs_4": {ref: "nixos-23.05", rev: "3", date: "2023-06-01"},
		"e":         dep("e", map[string]any{"nixpkgs": []string{"c", "nixpkgs"}}),
		"g":         dep("g", map[string]any{"nixpkgs": "nixpkgs_5"}),
		"nixpkgs_5": {ref: "nixos-24.05", rev: "6", date: "2024-05-01"},
		"p":         dep("p", map[string]any{"nixpkgs": "nixpkgs_6"}),
		"nixpkgs_6": {ref: "nixos-24.05", rev: "4", date: "2024-07-01", pinned: true},
		"f":         dep("f", map[string]any{"nixpkgs": "nixpkgs_7"}),
		"nixpkgs_7": {ref: "nixos-24.11", rev: "5", date: "2024-08-01", notFlake: true},
		"k":         dep("k", map[string]any{"nixpkgs": "nixpkgs_8"}),
		"nixpkgs_8": {ref: "master", rev: "7", date: "2024-09-01", repo: "someone/nixpkgs"},
	})
}

func TestCandidatesOrder(t *testing.T) {
	lock := zoo(t)
	tests := []struct {
		name string
		opt  unify.Options
		want []string // "path rev uses"
	}{
		{"newest", unify.Options{Strategy: unify.Newest},
			[]string{"a/nixpkgs 2 2", "g/nixpkgs 6 1", "nixpkgs 1 1", "c/nixpkgs 3 2"}},
		{"root (default)", unify.Options{},
			[]string{"nixpkgs 1 1", "a/nixpkgs 2 2", "g/nixpkgs 6 1", "c/nixpkgs 3 2"}},
		{"most-used", unify.Options{Strategy: unify.MostUsed},
			[]string{"a/nixpkgs 2 2", "c/nixpkgs 3 2", "g/nixpkgs 6 1", "nixpkgs 1 1"}},
		{"keep g", unify.Options{Strategy: unify.Newest, Keep: []string{"g"}},
			[]string{"a/nixpkgs 2 2", "nixpkgs 1 1", "c/nixpkgs 3 2"}},
		{"keep the root's nixpkgs: still the user's choice", unify.Options{Strategy: unify.Newest, Keep: []string{"nixpkgs"}},
			[]string{"a/nixpkgs 2 2", "g/nixpkgs 6 1", "nixpkgs 1 1", "c/nixpkgs 3 2"}},
		{"a mirror by --match", unify.Options{Strategy: unify.Newest, Classifier: lockgraph.Classifier{Match: mustRE(t, "someone/nixpkgs")}},
			[]string{"k/nixpkgs 7 1", "a/nixpkgs 2 2", "g/nixpkgs 6 1", "nixpkgs 1 1", "c/nixpkgs 3 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := Candidates(unify.Files{LockName: "flake.lock", Lock: lock}, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cs {
				got = append(got, fmt.Sprintf("%s %s %d", c.Path, c.Rev[:1], c.Uses))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCandidatesSpelling(t *testing.T) {
	tests := []struct {
		name  string
		nodes map[string]node
		want  string // path root label
	}{
		{"the root reaches it by a follows", map[string]node{
			"root":    {inputs: map[string]any{"a": "a", "pkgs": []string{"a", "nixpkgs"}}},
			"a":       dep("a", map[string]any{"nixpkgs": "nixpkgs"}),
			"nixpkgs": {ref: "nixos-unstable", rev: "2", date: "2024-06-01"},
		}, "pkgs pkgs nixos-unstable 2222222 2024-06-01"},
		{"a follows comes first in the walk: the string edge names it", map[string]node{
			"root":    {inputs: map[string]any{"a": "a", "b": "b"}},
			"a":       dep("a", map[string]any{"nixpkgs": []string{"b", "nixpkgs"}}),
			"b":       dep("b", map[string]any{"nixpkgs": "nixpkgs"}),
			"nixpkgs": {ref: "nixos-unstable", rev: "2", date: "2024-06-01"},
		}, "b/nixpkgs  nixos-unstable 2222222 2024-06-01"},
		{"a shorter literal follows path names it", map[string]node{
			"root":    {inputs: map[string]any{"a": "a", "x": "x"}},
			"a":       dep("a", map[string]any{"nixpkgs": []string{"x", "y", "nixpkgs"}}),
			"x":       dep("x", map[string]any{"y": "y"}),
			"y":       dep("y", map[string]any{"nixpkgs": "nixpkgs"}),
			"nixpkgs": {rev: "3", date: "2024-06-02"},
		}, "a/nixpkgs  3333333 2024-06-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := Candidates(unify.Files{LockName: "flake.lock", Lock: lockText(t, tt.nodes)}, unify.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 {
				t.Fatalf("got %d candidates: %v", len(cs), cs)
			}
			if got := fmt.Sprintf("%s %s %s", cs[0].Path, cs[0].Root, cs[0].Label()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCandidatesAgreeWithThePlanner: on every corpus lock, the first
// candidate is the target the planner chooses by itself (strategies root
// and newest), and planning onto each candidate with --to targets exactly
// its revision.
func TestCandidatesAgreeWithThePlanner(t *testing.T) {
	n := 0
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		files := unify.Files{LockName: c.Name + ".flake.lock", Lock: c.Data}
		for _, s := range []unify.Strategy{unify.Root, unify.Newest} {
			opt := unify.Options{LockOnly: true, Strategy: s}
			cs, err := Candidates(files, opt)
			if err != nil {
				t.Errorf("%s: %v", c.Name, err)
				continue
			}
			p, err := unify.Make(files, opt)
			if err != nil {
				t.Errorf("%s: %v", c.Name, err)
				continue
			}
			if p.Target() == nil {
				if len(cs) > 0 {
					t.Errorf("%s %s: no target, but candidates %v", c.Name, s, cs)
				}
				continue
			}
			if len(cs) == 0 || cs[0].Rev != p.Target().Rev {
				t.Errorf("%s %s: planner chose %s, first candidate %v", c.Name, s, p.Target().Spelling, cs)
			}
			if s != unify.Newest {
				continue
			}
			for _, cand := range cs {
				o := opt
				o.To = cand.Path.String()
				p, err := unify.Make(files, o)
				if err != nil {
					t.Errorf("%s: --to %s: %v", c.Name, o.To, err)
					continue
				}
				if p.Target().Rev != cand.Rev {
					t.Errorf("%s: --to %s targets %s, want rev %s", c.Name, o.To, p.Target().Spelling, cand.Rev)
				}
				n++
			}
		}
	}
	t.Logf("%d candidates planned", n)
}

func mustRE(t *testing.T, s string) *regexp.Regexp {
	t.Helper()
	return regexp.MustCompile(s)
}
