package unify

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// node is a compact node description for hand-written test locks.
//
//	src: "np:REF" NixOS/nixpkgs at branch REF ("np:" default branch),
//	     "np@REV" pinned, "lib" nix-community/nixpkgs.lib, "fork" jane/nixpkgs,
//	     anything else: github example/<src>
//	in:  input name → node key, or "->a/b" for a follows path
type node struct {
	src   string
	day   int // lastModified = 2024-01-<day>
	in    map[string]string
	flake bool // false = flake = false (inverted so the zero value is a flake)
}

// lockOf builds a flake.lock; the root's inputs are root.
func lockOf(root map[string]string, nodes map[string]node) []byte {
	ins := func(m map[string]string) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			if strings.HasPrefix(v, "->") {
				out[k] = lockgraph.ParsePath(v[2:])
			} else {
				out[k] = v
			}
		}
		return out
	}
	all := map[string]any{"root": map[string]any{"inputs": ins(root)}}
	for k, n := range nodes {
		orig := map[string]any{"type": "github"}
		switch {
		case strings.HasPrefix(n.src, "np:"):
			orig["owner"], orig["repo"] = "NixOS", "nixpkgs"
			if r := n.src[3:]; r != "" {
				orig["ref"] = r
			}
		case strings.HasPrefix(n.src, "np@"):
			orig["owner"], orig["repo"], orig["rev"] = "NixOS", "nixpkgs", strings.Repeat(n.src[3:4], 40)
		case n.src == "lib":
			orig["owner"], orig["repo"] = "nix-community", "nixpkgs.lib"
		case n.src == "fork":
			orig["owner"], orig["repo"] = "jane", "nixpkgs"
		default:
			orig["owner"], orig["repo"] = "example", n.src
		}
		locked := map[string]any{"lastModified": 1704067200 + (n.day-1)*86400,
			"narHash": "sha256-" + fmt.Sprintf("%043d", n.day) + "=", "rev": strings.Repeat(fmt.Sprintf("%02x", (n.day*37+len(n.src)*11)%256), 20),
			"type": "github", "owner": orig["owner"], "repo": orig["repo"]}
		m := map[string]any{"locked": locked, "original": orig}
		if len(n.in) > 0 {
			m["inputs"] = ins(n.in)
		}
		if n.flake {
			m["flake"] = false
		}
		all[k] = m
	}
	b, err := json.MarshalIndent(map[string]any{"nodes": all, "root": "root", "version": 7}, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// e01: the root and its dependencies a and b each lock their own nixpkgs
// (with dates), the smallest lock with copies to unify.
var e01 = lockOf(map[string]string{"a": "a", "b": "b", "nixpkgs": "nixpkgs_3"}, map[string]node{
	"a":         {src: "a", day: 1, in: map[string]string{"nixpkgs": "nixpkgs"}},
	"b":         {src: "b", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2"}},
	"nixpkgs":   {src: "np:nixos-23.11", day: 2},
	"nixpkgs_2": {src: "np:nixos-unstable", day: 3},
	"nixpkgs_3": {src: "np:nixos-unstable", day: 9},
})

const e01Nix = `{
  inputs.a.url = "github:example/a";
  inputs.b.url = "github:example/b";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { self, ... }: { };
}
`

type planCase struct {
	name   string
	lock   []byte
	nix    string // flake.nix; "" = none
	opt    Options
	target string   // spelling, "" = none
	redir  []string // "path->target" or "path(as declared)->target"
	kept   []string // "path:reason"
	decls  []string // declarations added to flake.nix, in file order (substring checks)
	err    string
	warn   string // a warning containing this
}

func TestPlan(t *testing.T) {
	deep := lockOf(map[string]string{"d": "d", "nixpkgs": "nixpkgs_2"}, map[string]node{
		"d":         {src: "d", day: 1, in: map[string]string{"c": "c"}},
		"c":         {src: "c", day: 1, in: map[string]string{"nixpkgs": "nixpkgs"}},
		"nixpkgs":   {src: "np:nixos-23.11", day: 2},
		"nixpkgs_2": {src: "np:nixos-unstable", day: 9},
	})
	deepNix := `{
  inputs.d.url = "github:example/d";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { self, d, nixpkgs }: { };
}
`
	v := func(maj, min int) func() NixVersion {
		return func() NixVersion { return NixVersion{Major: maj, Minor: min, Source: "test"} }
	}
	// The root's nixpkgs follows into a dependency.
	b8 := lockOf(map[string]string{"hs": "hs", "a": "a", "nixpkgs": "->hs/nixpkgs-unstable"}, map[string]node{
		"a":                {src: "a", day: 1, in: map[string]string{"nixpkgs": "nixpkgs"}},
		"hs":               {src: "hs", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2", "nixpkgs-unstable": "nixpkgs-unstable"}},
		"nixpkgs":          {src: "np:nixos-23.11", day: 2},
		"nixpkgs_2":        {src: "np:nixos-23.05", day: 1},
		"nixpkgs-unstable": {src: "np:nixpkgs-unstable", day: 9},
	})
	kinds := lockOf(map[string]string{"a": "a", "nixpkgs": "nixpkgs_2"}, map[string]node{
		"a":         {src: "a", day: 1, in: map[string]string{"lib": "lib", "pinned": "pinned", "src": "src", "fork": "fork", "nixpkgs": "nixpkgs", "same": "->a/nixpkgs"}},
		"lib":       {src: "lib", day: 3},
		"pinned":    {src: "np@7", day: 3},
		"src":       {src: "np:nixos-23.11", day: 3, flake: true},
		"fork":      {src: "fork", day: 3},
		"nixpkgs":   {src: "np:nixos-23.11", day: 3},
		"nixpkgs_2": {src: "np:nixos-unstable", day: 9},
	})
	noRoot := lockOf(map[string]string{"a": "a", "b": "b"}, map[string]node{
		"a":         {src: "a", day: 1, in: map[string]string{"nixpkgs": "nixpkgs", "x": "x"}},
		"b":         {src: "b", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2", "y": "->a/nixpkgs"}},
		"x":         {src: "x", day: 1, in: map[string]string{"nixpkgs": "->a/nixpkgs"}},
		"nixpkgs":   {src: "np:nixos-23.11", day: 2},
		"nixpkgs_2": {src: "np:nixos-unstable", day: 5},
	})
	branches := lockOf(map[string]string{"a": "a", "b": "b", "c": "c", "nixpkgs": "nixpkgs_4"}, map[string]node{
		"a":         {src: "a", day: 1, in: map[string]string{"nixpkgs": "nixpkgs"}},
		"b":         {src: "b", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2"}},
		"c":         {src: "c", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_3"}},
		"nixpkgs":   {src: "np:nixos-23.11", day: 2},
		"nixpkgs_2": {src: "np:nixos-23.11", day: 4},
		"nixpkgs_3": {src: "np:nixos-unstable", day: 3},
		"nixpkgs_4": {src: "np:nixos-unstable", day: 9},
	})
	for _, c := range []planCase{
		{name: "e01", lock: e01, nix: e01Nix, target: "nixpkgs",
			redir: []string{"a/nixpkgs->nixpkgs", "b/nixpkgs->nixpkgs"},
			decls: []string{`inputs.a.inputs.nixpkgs.follows = "nixpkgs";`, `inputs.b.inputs.nixpkgs.follows = "nixpkgs";`}},
		{name: "e01 lock only, no flake.nix", lock: e01, opt: Options{LockOnly: true}, target: "nixpkgs",
			redir: []string{"a/nixpkgs->nixpkgs", "b/nixpkgs->nixpkgs"}},
		{name: "e01 without flake.nix", lock: e01, err: "no flake.nix"},
		{name: "--to a dependency's", lock: e01, nix: e01Nix, opt: Options{To: "b/nixpkgs"}, target: "b/nixpkgs",
			redir: []string{"a/nixpkgs->b/nixpkgs"}, kept: []string{"nixpkgs:root-input"}},
		{name: "--to not nixpkgs", lock: e01, nix: e01Nix, opt: Options{To: "a"}, err: `--to a: node "a" is not nixpkgs`},
		{name: "--to missing", lock: e01, nix: e01Nix, opt: Options{To: "nope"}, err: `--to nope: input 'nope' does not exist`},
		{name: "--keep", lock: e01, nix: e01Nix, opt: Options{Keep: []string{"a"}}, target: "nixpkgs",
			redir: []string{"b/nixpkgs->nixpkgs"}, kept: []string{"a/nixpkgs:keep"}},
		{name: "--keep missing", lock: e01, nix: e01Nix, opt: Options{Keep: []string{"zz/nixpkgs"}}, err: "--keep zz/nixpkgs"},
		{name: "strategy newest", lock: e01, nix: e01Nix, opt: Options{Strategy: Newest}, target: "nixpkgs",
			redir: []string{"a/nixpkgs->nixpkgs", "b/nixpkgs->nixpkgs"}},
		{name: "depth 3 on 2.30", lock: deep, nix: deepNix, opt: Options{Nix: v(2, 30)}, target: "nixpkgs",
			redir: []string{"d/c/nixpkgs->nixpkgs"}, decls: []string{`inputs.d.inputs.c.inputs.nixpkgs.follows = "nixpkgs";`}},
		{name: "depth 3 on 2.8", lock: deep, nix: deepNix, opt: Options{Nix: v(2, 8)}, target: "nixpkgs",
			kept: []string{"d/c/nixpkgs:depth"}},
		{name: "depth 3, Nix unknown", lock: deep, nix: deepNix, target: "nixpkgs",
			kept: []string{"d/c/nixpkgs:depth"}, warn: "Nix version unknown"},
		{name: "depth 3 lock only", lock: deep, opt: Options{LockOnly: true}, target: "nixpkgs",
			redir: []string{"d/c/nixpkgs->nixpkgs"}},
		{name: "root follows into a dependency", lock: b8, nix: `{
  inputs.a.url = "github:example/a";
  inputs.hs.url = "github:example/hs";
  inputs.nixpkgs.follows = "hs/nixpkgs-unstable";
  outputs = { self, ... }: { };
}
`, target: "nixpkgs", redir: []string{"a/nixpkgs->nixpkgs", "hs/nixpkgs->nixpkgs"}},
		{name: "kinds kept", lock: kinds, opt: Options{LockOnly: true}, target: "nixpkgs",
			redir: []string{"a/nixpkgs->nixpkgs"},
			kept:  []string{"a/fork:nixpkgs-like", "a/lib:nixpkgs-like", "a/pinned:pinned", "a/src:non-flake"}},
		{name: "kinds merged", lock: kinds, opt: Options{LockOnly: true, Merge: Kinds}, target: "nixpkgs",
			redir: []string{"a/fork->nixpkgs", "a/lib->nixpkgs", "a/nixpkgs->nixpkgs", "a/pinned->nixpkgs", "a/src->nixpkgs"}},
		{name: "--to a flake = false node", lock: kinds, opt: Options{LockOnly: true, To: "a/src", Merge: []Kind{KindNonFlake}}, target: "a/src",
			kept: []string{"a/fork:nixpkgs-like", "a/lib:nixpkgs-like", "a/nixpkgs:target-non-flake", "a/pinned:pinned", "nixpkgs:root-input"}},
		{name: "no root nixpkgs: newest by its path", lock: noRoot, opt: Options{LockOnly: true}, target: "b/nixpkgs",
			redir: []string{"a/nixpkgs->b/nixpkgs"}},
		{name: "most-used", lock: noRoot, opt: Options{LockOnly: true, Strategy: MostUsed}, target: "a/nixpkgs",
			redir: []string{"b/nixpkgs->a/nixpkgs"}},
		{name: "per-branch", lock: branches, opt: Options{LockOnly: true, PerBranch: true}, target: "nixpkgs",
			redir: []string{"a/nixpkgs->b/nixpkgs", "c/nixpkgs->nixpkgs"}, kept: []string{"b/nixpkgs:other-branch"}},
		{name: "across branches", lock: branches, opt: Options{LockOnly: true}, target: "nixpkgs",
			redir: []string{"a/nixpkgs->nixpkgs", "b/nixpkgs->nixpkgs", "c/nixpkgs->nixpkgs"}},
		{name: "stale: input missing from the lock", lock: e01, nix: strings.Replace(e01Nix, "outputs", "inputs.z.url = \"github:example/z\";\n  outputs", 1),
			err: "flake.nix:5:3: flake.lock is not up to date with flake.nix: input 'z' is declared here but missing from flake.lock"},
		{name: "stale: follows missing from the lock", lock: e01, nix: strings.Replace(e01Nix, "outputs", "inputs.a.inputs.nixpkgs.follows = \"nixpkgs\";\n  outputs", 1),
			err: "'a/nixpkgs' follows 'nixpkgs' here, but in flake.lock it is its own node"},
		{name: "stale: lock input not declared", lock: e01, nix: strings.Replace(e01Nix, "  inputs.b.url = \"github:example/b\";\n", "", 1),
			err: "the lock has input 'b', which flake.nix does not declare"},
		{name: "flake.nix override with its own url", lock: e01, nix: strings.Replace(e01Nix, "outputs", "inputs.a.inputs.nixpkgs.url = \"github:NixOS/nixpkgs/nixos-23.11\";\n  outputs", 1),
			target: "nixpkgs", redir: []string{"b/nixpkgs->nixpkgs"}, kept: []string{"a/nixpkgs:flake-nix"}},
	} {
		t.Run(c.name, func(t *testing.T) { runPlanCase(t, c) })
	}
}

func runPlanCase(t *testing.T, c planCase) {
	t.Helper()
	files := Files{LockName: "flake.lock", Lock: c.lock, FlakeName: "flake.nix"}
	if c.nix != "" {
		files.Flake = []byte(c.nix)
	}
	p, err := Make(files, c.opt)
	if c.err != "" {
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Fatalf("error %v, want %q", err, c.err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	if tg := p.Target(); tg != nil {
		got = tg.Spelling.String()
	}
	if got != c.target {
		t.Errorf("target %q, want %q", got, c.target)
	}
	var redir, kept []string
	for _, r := range p.Redirects {
		redir = append(redir, r.Path.String()+"->"+r.Target.String())
	}
	for _, k := range p.Kept {
		kept = append(kept, k.Paths[0].String()+":"+string(k.Reason))
	}
	sort.Strings(redir)
	sort.Strings(kept)
	if !slices.Equal(redir, c.redir) {
		t.Errorf("redirects %q, want %q", redir, c.redir)
	}
	if !slices.Equal(kept, c.kept) {
		t.Errorf("kept %q, want %q", kept, c.kept)
	}
	text := string(p.NewFlake)
	at := 0
	for _, d := range c.decls {
		i := strings.Index(text[at:], d)
		if i < 0 {
			t.Errorf("flake.nix lacks %q after offset %d:\n%s", d, at, text)
			break
		}
		at += i + len(d)
	}
	if c.warn != "" && !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, c.warn) }) {
		t.Errorf("warnings %q, want one with %q", p.Warnings, c.warn)
	}
	if c.nix == "" && p.NewFlake != nil {
		t.Errorf("NewFlake without flake.nix")
	}
	if c.opt.LockOnly && c.nix != "" && text != c.nix {
		t.Errorf("--lock-only changed flake.nix")
	}
	checkResult(t, p, files, c.opt)
}

// checkResult checks what holds for every plan: the new lock parses and
// checks, is canonical, copies do not increase, and planning the result
// again finds nothing to do.
func checkResult(t *testing.T, p *Plan, files Files, opt Options) {
	t.Helper()
	l, err := lockgraph.Parse("new", p.NewLock)
	if err != nil {
		t.Fatalf("new lock: %v", err)
	}
	if err := l.Check(); err != nil {
		t.Fatalf("new lock: %v", err)
	}
	if p.LockChanged() {
		c, _ := l.Canonical()
		b, _ := c.Encode()
		if string(b) != string(p.NewLock) {
			t.Errorf("new lock is not canonical")
		}
	}
	copies, err := l.Copies(opt.Classifier)
	if err != nil {
		t.Fatal(err)
	}
	// The numbers after, counted here by hand from the new lock: the
	// nixpkgs copies proper and their distinct locked revisions.
	copiesAfter, revs := 0, map[string]bool{}
	for _, cp := range copies {
		if cp.Source.Class == lockgraph.Nixpkgs {
			copiesAfter++
			revs[cp.Node.Locked.Str("rev")+cp.Node.Locked.Str("narHash")] = true
		}
	}
	if s := p.Summary; copiesAfter != s.CopiesAfter || len(revs) != s.RevisionsAfter || len(l.Nodes) != s.NodesAfter {
		t.Errorf("summary after: copies %d, revisions %d, nodes %d; the new lock has %d, %d, %d",
			s.CopiesAfter, s.RevisionsAfter, s.NodesAfter, copiesAfter, len(revs), len(l.Nodes))
	}
	if s := p.Summary; s.CopiesAfter > s.CopiesBefore || s.NodesAfter > s.NodesBefore {
		t.Errorf("summary %+v", s)
	}
	if len(p.Redirects) > 0 && p.Summary.CopiesAfter >= p.Summary.CopiesBefore {
		t.Errorf("redirects but copies %d → %d", p.Summary.CopiesBefore, p.Summary.CopiesAfter)
	}
	again := files
	again.Lock = p.NewLock
	if p.NewFlake != nil {
		again.Flake = p.NewFlake
	}
	p2, err := Make(again, opt)
	if err != nil {
		t.Fatalf("re-plan: %v", err)
	}
	if !p2.Nothing() || len(p2.Redirects) > 0 {
		t.Errorf("re-plan has something to do: %v", redirectLines(p2))
	}
}

// redirectLines are the redirects as "path -> target", for messages.
func redirectLines(p *Plan) []string {
	var out []string
	for _, r := range p.Redirects {
		out = append(out, r.Path.String()+" -> "+r.Target.String())
	}
	return out
}
