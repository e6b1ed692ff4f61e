package flakenix

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/nixtest"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// inputForms are ways to write one input, each with what Parse must say:
// "" to read it, else a part of the refusal. {a} in a form stands for the
// path of a local git flake. TestNixInputForms has real Nix judge them.
var inputForms = []struct{ form, refusal string }{
	// Unquoted URIs: Nix reads them as strings.
	{`inputs.a.url = git+file://{a};`, ""},
	{`inputs.a.url = git+file://{a}?ref=master&dir=sub;`, ""},
	{`inputs.a = { url = git+file://{a}; flake = false; };`, ""},
	{`inputs.a = { type = "git"; url = file://{a}; };`, ""},
	{`inputs.a.url = (git+file://{a}); inputs.a.inputs = { };`, ""},
	{`inputs = rec { a.url = git+file://{a}; };`, ""},
	// Other constants Nix reads without evaluating.
	{`inputs.a.url = ''git+file://{a}'';`, ""},
	{`inputs.a = { type = "git"; url = "file://{a}"; shallow = true; };`, ""},
	{`inputs.${"a"}.url = git+file://{a}?dir=sub; inputs."a".flake = false;`, ""},
	// Without type, a flake reference is its url alone.
	{`inputs.a.url = "git+file://{a}"; inputs.a.dir = "sub";`, "input 'a' attribute 'dir' is unexpected: without type, Nix reads a flake reference from url alone"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.revCount = 3;`, "input 'a' attribute 'revCount' is unexpected"},
	{`inputs.a = { dir = "sub"; };`, "input 'a' attribute 'dir' is unexpected"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.ref = "master";`, "input 'a' attribute 'ref' is unexpected"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.narHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";`, "input 'a' attribute 'narHash' is unexpected"},
	// Constants of a type the attribute cannot have.
	{`inputs.a.url = 1.5;`, "input 'a' attribute 'url' is a float: Nix accepts only a string here"},
	{`inputs.a.url = null;`, "input 'a' attribute 'url' is null"},
	{`inputs.a.url = true;`, "input 'a' attribute 'url' is a Boolean"},
	{`inputs.a.url = 12;`, "input 'a' attribute 'url' is an integer"},
	{`inputs.a = { type = 1; url = "file://{a}"; };`, "input 'a' attribute 'type' is an integer"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.dir = 1.5;`, "input 'a' attribute 'dir' is a float: Nix accepts only a string, a Boolean or an integer here"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.dir = null;`, "input 'a' attribute 'dir' is null"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.dir = ./sub;`, "input 'a' attribute 'dir' is a path"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.flake = "false";`, "input 'a' attribute 'flake' is not a boolean"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.flake = 0;`, "input 'a' attribute 'flake' is not a boolean"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.inputs.b.follows = null;`, "input 'a/b' follows is not a string literal: found the variable null"},
	// An unquoted URI is a string, but never an input path.
	{`inputs.a.url = "git+file://{a}"; inputs.a.inputs.b.follows = a:b;`, "input 'a/b' follows is not a string literal: found the unquoted URI a:b"},
	// Computed values.
	{`inputs.a.url = <nixpkgs>;`, "input 'a' attribute 'url' is not a literal value: found the search path <nixpkgs>"},
	{`inputs.a.url = "git+file://{a}"; inputs.a.dir = -1;`, "input 'a' attribute 'dir' is not a literal value"},
}

func formFlake(form, path string) string {
	return "{\n  " + strings.ReplaceAll(form, "{a}", path) + "\n  outputs = _: { };\n}\n"
}

// TestInputForms: Parse reads the forms Nix reads, refuses the others with
// a position and a hint, and reads an unquoted URI as its text.
func TestInputForms(t *testing.T) {
	for _, tc := range inputForms {
		src := formFlake(tc.form, "/srv/a")
		f, err := Parse("flake.nix", []byte(src))
		if tc.refusal == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.form, err)
				continue
			}
			if u, ok := f.Input("a").URL(); !ok || !strings.HasPrefix(u, "git+file:///srv/a") && u != "file:///srv/a" {
				t.Errorf("%s: url = %q, %v", tc.form, u, ok)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted", tc.form)
			continue
		}
		if !strings.HasPrefix(err.Error(), "flake.nix:2:") || !strings.Contains(err.Error(), tc.refusal) || diag.Hint(err) == "" {
			t.Errorf("%s:\n got %v (hint %q)\nwant flake.nix:2:…: …%s… with a hint", tc.form, err, diag.Hint(err), tc.refusal)
		}
	}
}

// TestNixInputForms: real Nix reads exactly the forms Parse reads (nix
// flake metadata locks them), and for those it evaluates inputs to what
// Parse's view says.
func TestNixInputForms(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, n *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.Flake("a", "{ outputs = _: { }; }")
		u.WriteFile(u.Dir("a"), "sub/flake.nix", "{ outputs = _: { }; }")
		u.Commit(u.Dir("a"))
		path := strings.TrimPrefix(u.URL("a"), "git+file://")
		for _, c := range []byte(path) {
			if !isURIChar(c) {
				t.Fatalf("the universe's path %s has %q, which ends an unquoted URI", path, c)
			}
		}
		for i, tc := range inputForms {
			src := formFlake(tc.form, path)
			dir, _ := u.Flake(fmt.Sprintf("r%d", i), src)
			_, stderr, err := n.Run(t, dir, "flake", "metadata", "--json")
			nixOK := err == nil
			f, perr := Parse("flake.nix", []byte(src))
			if nixOK != (perr == nil) {
				t.Errorf("%s: %s reads it: %v; Parse: %v\n%s", tc.form, n, nixOK, perr, stderr)
				continue
			}
			if !nixOK {
				continue
			}
			got := viewJSON(f.Input("a"))
			want, _ := evalInputs(t, n, u.Root, fmt.Sprintf("e%d", i), []byte(src))["a"].(map[string]any)
			// The view has no inputs for an empty inputs = { }.
			if in, ok := want["inputs"].(map[string]any); ok && len(in) == 0 {
				delete(want, "inputs")
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%s: Parse reads %s, Nix evaluates %s", tc.form, g, w)
			}
		}
	})
}

// viewJSON is the input as Nix's JSON of (import ./flake.nix).inputs.a
// shows it (the view keeps no empty inputs = { }).
func viewJSON(in *Input) map[string]any {
	m := map[string]any{}
	for _, a := range in.Attrs {
		switch v := a.Value.(type) {
		case int64:
			m[a.Name] = json.Number(fmt.Sprint(v))
		default:
			m[a.Name] = v
		}
	}
	if in.HasFollows {
		m["follows"] = in.Follows
	}
	if len(in.Inputs) > 0 {
		sub := map[string]any{}
		for _, c := range in.Inputs {
			sub[c.Name()] = viewJSON(c)
		}
		m["inputs"] = sub
	}
	return m
}

// TestNixURIToken pins the characters of Nix's unquoted URI token: for
// every printable ASCII byte and a few others, in the scheme and after the
// colon, Nix reads "x<c>y:ab" or "x:a<c>b" as one URI exactly when our
// lexer makes it one URI token.
func TestNixURIToken(t *testing.T) {
	var cands []string
	for c := 0x20; c < 0x7f; c++ {
		cands = append(cands, "x"+string(rune(c))+"y:ab", "x:a"+string(rune(c))+"b")
	}
	for _, s := range []string{"\t", "é", "\x7f"} {
		cands = append(cands, "x"+s+"y:ab", "x:a"+s+"b")
	}
	cands = append(cands, "x:", "x::", "1x:a", "+x:a", "x:a/", "path:./sub", "gitlab:owner/repo?dir=x",
		"github:NixOS/nixpkgs/nixos-24.05", "git+https://example.org/r?ref=main&rev=0123", "sourcehut:~user/repo")
	ours := func(s string) bool {
		toks, err := lex([]byte(s))
		return err == nil && len(toks) == 2 && toks[0].kind == tURI
	}
	nixtest.EachVersion(t, func(t *testing.T, n *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		if n.InstantiatePath == "" {
			testenv.Missing(t, "%s has no nix-instantiate beside it", n)
		}
		var files []string
		for i, s := range cands {
			p := filepath.Join(u.Root, fmt.Sprintf("c%03d.nix", i))
			// with { }; makes every variable defined, so only the syntax
			// decides.
			if err := os.WriteFile(p, []byte("with { }; (\n"+s+"\n)"), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		// nix-instantiate --parse prints one line per file and stops at the
		// first file it cannot parse, so each run goes on after that one.
		nixSays := make([]bool, len(cands))
		for i := 0; i < len(files); {
			stdout, _, err := n.Instantiate(t, u.Root, append([]string{"--parse"}, files[i:]...)...)
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			if stdout == "" {
				lines = nil
			}
			for j, line := range lines {
				s := cands[i+j]
				// Nix 2.8 prints every '$' of a string escaped.
				line = strings.ReplaceAll(line, `\$`, "$")
				nixSays[i+j] = strings.Contains(line, `"`+s+`"`) && strings.Count(line, `"`) == 2
			}
			if err == nil && len(lines) != len(files)-i {
				t.Fatalf("nix-instantiate printed %d lines for %d files", len(lines), len(files)-i)
			}
			i += len(lines) + 1 // the one it refused is no URI
		}
		uris := 0
		for i, s := range cands {
			if nixSays[i] {
				uris++
			}
			if nixSays[i] != ours(s) {
				t.Errorf("%q: one URI for %s: %v, for our lexer: %v", s, n, nixSays[i], ours(s))
			}
		}
		t.Logf("%d of %d candidates are one URI", uris, len(cands))
		if uris < 30 {
			t.Fatalf("only %d URIs: the judge is broken", uris)
		}
	})
}
