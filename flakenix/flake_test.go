package flakenix

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
)

// summary renders the input view one input per line, with positions, so
// tests can state it compactly.
func summary(f *File) string {
	var b strings.Builder
	var walk func([]*Input)
	walk = func(ins []*Input) {
		for _, in := range ins {
			fmt.Fprintf(&b, "%s@%s", strings.Join(in.Path, "/"), in.Pos)
			for _, a := range in.Attrs {
				fmt.Fprintf(&b, " %s=%v", a.Name, a.Value)
			}
			if in.HasFollows {
				fmt.Fprintf(&b, " follows=%q", in.Follows)
			}
			b.WriteByte('\n')
			walk(in.Inputs)
		}
	}
	walk(f.Inputs())
	return b.String()
}

func stripPos(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexByte(line, '@'); i >= 0 {
			j := strings.IndexByte(line[i:], ' ')
			if j < 0 {
				j = len(line) - i
			}
			line = line[:i] + line[i+j:]
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// Every way of spelling the same inputs (flat paths, nested sets, quoted
// names, rec, parentheses, names in ${"…"}) gives the same view.
func TestEquivalentSpellings(t *testing.T) {
	want := "a url=git+file:///a\na/nixpkgs follows=\"nixpkgs\"\nnixpkgs url=git+file:///n\n"
	for _, src := range []string{
		`{ inputs.a.url = "git+file:///a"; inputs.a.inputs.nixpkgs.follows = "nixpkgs"; inputs.nixpkgs.url = "git+file:///n"; outputs = _: { }; }`,
		`{ inputs = { a = { url = "git+file:///a"; inputs.nixpkgs.follows = "nixpkgs"; }; nixpkgs.url = "git+file:///n"; }; outputs = _: { }; }`,
		`{ inputs.a = { url = "git+file:///a"; inputs = { nixpkgs = { follows = "nixpkgs"; }; }; }; inputs.nixpkgs = { url = "git+file:///n"; }; outputs = _: { }; }`,
		`{ inputs."a".url = "git+file:///a"; inputs."a".inputs."nixpkgs".follows = "nixpkgs"; inputs."nixpkgs".url = "git+file:///n"; outputs = _: { }; }`,
		`{ inputs = { a.url = "git+file:///a"; a.inputs.nixpkgs.follows = "nixpkgs"; }; inputs.nixpkgs.url = ''git+file:///n''; outputs = _: { }; }`,
		`rec { inputs.a = { inputs.nixpkgs = { follows = "nixpkgs"; }; }; inputs.a.url = "git+file:///a"; inputs = { nixpkgs.url = "git+file:///n"; }; outputs = _: { }; }`,
		`{ inputs = { ${"a"}.url = "git+file:///a"; a.inputs.${"nixpkgs"}.follows = "nixpkgs"; nixpkgs.url = "git+file:///n"; }; outputs = _: { }; }`,
		`({ inputs.a.url = ("git+file:///a"); inputs.a.inputs.nixpkgs.follows = "nixpkgs"; inputs.nixpkgs.url = "git+file:///n"; outputs = _: { }; })`,
	} {
		f, err := Parse("flake.nix", []byte(src))
		if err != nil {
			t.Errorf("%s\n%v", src, err)
			continue
		}
		if got := stripPos(summary(f)); got != want {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", src, got, want)
		}
	}
}

func TestFlakeViews(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"flat.nix", `nixpkgs@4:3 url=github:NixOS/nixpkgs/nixos-unstable
home-manager@5:3 url=github:nix-community/home-manager
home-manager/nixpkgs@6:3 follows="nixpkgs"
flake-utils@7:3 url=github:numtide/flake-utils
secrets@8:3 url=git+ssh://git@example.org/secrets.git flake=false
`},
		{"nested.nix", `nixpkgs@5:5 url=github:NixOS/nixpkgs/nixos-24.05
nixpkgs-unstable@6:5 url=github:NixOS/nixpkgs/nixos-unstable
home-manager@8:5 url=github:nix-community/home-manager/release-24.05
home-manager/nixpkgs@10:7 follows="nixpkgs"
agenix@14:5 url=github:ryantm/agenix
agenix/nixpkgs@17:9 follows="nixpkgs"
agenix/darwin@18:9 follows=""
hyprland@22:5 url=github:hyprwm/Hyprland
`},
		{"spread.nix", `a@3:3 url=github:example/a
a/nixpkgs@11:23 follows="nixpkgs"
b@5:5 url=github:example/b
b/nixpkgs@8:3 follows="nixpkgs"
c@6:5 url=github:example/c flake=false
nixpkgs@10:3 url=github:NixOS/nixpkgs
`},
		{"quoted.nix", `nixpkgs@2:3 url=github:NixOS/nixpkgs
my.flake@3:3 url=github:example/my.flake
my.flake/nixpkgs@4:3 follows="nixpkgs"
static-name@5:3 url=github:example/static
`},
		{"attrset-ref.nix", `nixpkgs@4:5 type=github owner=NixOS repo=nixpkgs ref=nixos-unstable
utils@10:5 type=github owner=numtide repo=flake-utils rev=1ef2e671c3b0c19053962c07dbda38332dcebf26
local@11:5 type=git url=file:///srv/flakes/local submodules=true revCount=12
`},
		{"deep.nix", `nixpkgs@3:5 url=github:NixOS/nixpkgs
d@4:5 url=github:example/d
d/c@6:7
d/c/nixpkgs@6:7 follows="nixpkgs"
e@8:5
e/f@8:5
e/f/g@8:27 follows="nixpkgs"
`},
		{"indented-url.nix", `nixpkgs@2:3 url=github:NixOS/nixpkgs
foo@3:3 url=github:example/foo
` + "\n"},
		{"nixconfig.nix", ``},
		{"uris.nix", `nixpkgs@4:5 url=github:NixOS/nixpkgs/nixos-24.05
tool@5:5 url=gitlab:owner/repo?dir=x
dep@6:5 url=git+https://example.org/dep.git?ref=main&rev=0123456789abcdef0123456789abcdef01234567
dep/nixpkgs@8:7 follows="nixpkgs"
sub@10:5 url=path:./sub
local@11:5 type=git url=file:///srv/local submodules=true
hut@12:5 url=sourcehut:~user/repo
tarball@13:5 url=https://example.org/a.tar.gz?x=1&y=2
registry@14:5 url=flake:nixpkgs
`},
	} {
		src, err := os.ReadFile(filepath.Join("testdata", "flakes", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse("flake.nix", src)
		if err != nil {
			t.Fatal(err)
		}
		if got := summary(f); got != tc.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.file, got, tc.want)
		}
	}
}

func TestOutputsAndDescription(t *testing.T) {
	for _, tc := range []struct {
		src       string
		formals   string
		ellipsis  bool
		at        string
		acceptsHM bool
	}{
		{`{ outputs = { self, nixpkgs }: { }; }`, "self nixpkgs", false, "", false},
		{`{ outputs = { self, nixpkgs, ... }@inputs: { }; }`, "self nixpkgs", true, "inputs", true},
		{`{ outputs = inputs@{ self, home-manager }: { }; }`, "self home-manager", false, "inputs", true},
		{`{ outputs = inputs: { }; }`, "", false, "inputs", true},
		{`{ outputs = { ... }: { }; }`, "", true, "", true},
	} {
		f, err := Parse("flake.nix", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		o := f.Outputs()
		if o == nil {
			t.Fatalf("%s: no outputs", tc.src)
		}
		if got := strings.Join(o.Formals, " "); got != tc.formals || o.Ellipsis != tc.ellipsis || o.At != tc.at {
			t.Errorf("%s: formals %q ellipsis %v at %q", tc.src, got, o.Ellipsis, o.At)
		}
		if o.Accepts("home-manager") != tc.acceptsHM {
			t.Errorf("%s: Accepts(home-manager) = %v", tc.src, !tc.acceptsHM)
		}
		if !o.Accepts("self") {
			t.Errorf("%s: must accept self", tc.src)
		}
	}
	f, err := Parse("flake.nix", []byte("{ description = \"a \\\"b\\\" ${\"\"}\"; outputs = x: x; }"))
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := f.Description(); ok {
		t.Errorf("interpolated description read as %q", d)
	}
	f, _ = Parse("flake.nix", []byte(`{ description = "a \"b\" \${c}"; }`))
	if d, ok := f.Description(); !ok || d != `a "b" ${c}` {
		t.Errorf("description = %q, %v", d, ok)
	}
	if f.Outputs() != nil {
		t.Error("outputs where there are none")
	}
}

// Parse refuses what Nix refuses in a flake.nix and what cannot be edited
// safely, with a positioned error and a hint.
func TestRefusals(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"let u = \"x\"; in {\n  inputs.nixpkgs.url = u;\n}", "flake.nix:1:1: flake.nix is not a literal attribute set: found let … in"},
		{"with { }; { }", "flake.nix:1:1: flake.nix is not a literal attribute set: found with …;"},
		{"{ inputs }: { }", "flake.nix:1:1: flake.nix is not a literal attribute set: found a function"},
		{"let { body = { }; }", "flake.nix:1:1: flake.nix is not a literal attribute set: found let { … }"},
		{"rec {\n  u = \"x\";\n  inputs.nixpkgs.url = u;\n}", "flake.nix:2:3: unsupported top-level attribute 'u': a flake may only define description, inputs, outputs and nixConfig"},
		{"{\n  inputs = let u = \"x\"; in { nixpkgs.url = u; };\n}", "flake.nix:2:12: inputs is not a literal attribute set: found let … in"},
		{"{ inputs.nixpkgs.url = \"git+file://${\"/tmp\"}/n\"; }", "flake.nix:1:24: input 'nixpkgs' attribute 'url' is not a literal value: found an interpolated string"},
		{"{ inputs.a.inputs.nixpkgs.follows = \"${\"nixpkgs\"}\"; }", "flake.nix:1:37: input 'a/nixpkgs' follows is not a string literal: found an interpolated string"},
		{"{ inputs.nixpkgs = import ./inputs.nix; }", "flake.nix:1:20: input 'nixpkgs' is not a literal attribute set: found a function call"},
		{"{ inputs = { inherit nixpkgs; }; }", "flake.nix:1:14: inherit is not supported here: Nix would see a computed value"},
		{"{ inputs.${name}.url = \"x\"; }", "flake.nix:1:10: dynamic attribute name: Nix requires the names in a flake's top level and inputs to be literal"},
		{"{ inputs.a.url.x = \"y\"; }", "flake.nix:1:3: input 'a' attribute 'url' is not a literal value: it is given attributes of its own"},
		{"{ inputs.a.flake = \"no\"; }", "flake.nix:1:20: input 'a' attribute 'flake' is not a boolean"},
		{"{ inputs.a.url = builtins.x; }", "flake.nix:1:18: input 'a' attribute 'url' is not a literal value: found an attribute selection"},
		{"{ inputs.a.inputs = with x; { }; }", "flake.nix:1:21: the inputs of input 'a' are not a literal attribute set: found with …;"},
		{"{\n  inputs.a.url = \"x\";\n  inputs.a.url = \"y\";\n}", "flake.nix:3:12: syntax error: attribute 'inputs.a.url' already defined at 2:12"},
		{"{\n  inputs = {\n    a.url = \"x\"\n  };\n}", "flake.nix:4:3: syntax error: unexpected '}', expected ';'"},
	} {
		_, err := Parse("flake.nix", []byte(tc.src))
		if err == nil {
			t.Errorf("%q: accepted", tc.src)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, err, tc.want)
		}
		if diag.Hint(err) == "" {
			t.Errorf("%q: no hint", tc.src)
		}
	}
}
