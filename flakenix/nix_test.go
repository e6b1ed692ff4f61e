package flakenix

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// These tests make real Nix the judge of the parser and of every golden
// edit. They use the shared internal/nixtest helpers: they skip without
// Nix, and fail under CI=true when a Nix is missing.

// instantiate returns a runner for `nix-instantiate --parse FILE` with this
// Nix (nixtest finds the nix-instantiate beside each nix; it skips, or fails
// under CI, when there is none). Nix ≥ 2.24 knows |> and <| but only with
// the pipe-operators experimental feature (2.34 still says "experimental
// Nix feature 'pipe-operators' is disabled" without it), so it is enabled
// there. It returns nil when this Nix has no nix-instantiate (under
// CI=true that fails the test instead).
func instantiate(t *testing.T, n *nixtest.Nix, root string) func(file string) (string, error) {
	t.Helper()
	if n.InstantiatePath == "" {
		if testenv.CI() {
			t.Fatalf("%s (%s) has no nix-instantiate beside it (CI=true requires it)", n, n.Path)
		}
		t.Logf("%s: no nix-instantiate beside %s; parse checks skipped", n, n.Path)
		return nil
	}
	return func(file string) (string, error) {
		args := []string{"--parse", file}
		if n.AtLeast(2, 24) {
			args = append([]string{"--extra-experimental-features", "pipe-operators"}, args...)
		}
		stdout, stderr, err := n.Instantiate(t, root, args...)
		return stdout + stderr, err
	}
}

// TestNixParseAgrees: Nix parses every corpus file, and accepts exactly the
// snippets of the syntax table that we accept.
func TestNixParseAgrees(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, n *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		parse := instantiate(t, n, u.Root)
		if parse == nil {
			testenv.Missing(t, "%s has no nix-instantiate beside it", n)
		}
		for _, file := range corpusFiles(t) {
			if strings.HasSuffix(file, "pipes.nix") && !n.AtLeast(2, 24) {
				continue
			}
			abs, _ := filepath.Abs(file)
			if out, err := parse(abs); err != nil {
				t.Errorf("%s rejects %s: %s", n, file, out)
			}
			// The pipe operators are still experimental: without the
			// feature Nix refuses them, so a flake using them needs it.
			if strings.HasSuffix(file, "pipes.nix") {
				_, stderr, err := n.Instantiate(t, u.Root, "--parse", abs)
				if err == nil || !strings.Contains(stderr, "pipe-operators") {
					t.Errorf("%s parses %s without pipe-operators (err %v): %s", n, file, err, stderr)
				}
			}
		}
		for i, tc := range syntaxCases {
			if tc.new && !n.AtLeast(2, 24) {
				continue
			}
			// with { }; binds every free variable, which --parse checks too.
			p := filepath.Join(u.Root, fmt.Sprintf("s%d.nix", i))
			if err := os.WriteFile(p, []byte("with { }; (\n"+tc.src+"\n)"), 0o644); err != nil {
				t.Fatal(err)
			}
			want := tc.ok
			if tc.newNixOK && n.AtLeast(2, 9) {
				if !n.AtLeast(2, 34) {
					continue // where between 2.8 and 2.34 it changed is not pinned
				}
				want = true // we still reject it (see newNixOK)
			}
			out, err := parse(p)
			if (err == nil) != want {
				t.Errorf("%q: %s parses = %v, want %v (we say %v)\n%s", tc.src, n, err == nil, want, tc.ok, out)
			}
		}
	})
}

// TestNixAgreesOnGoldenEdits: for every golden output, Nix parses it, and
// (import ./flake.nix).inputs differs from the original's by exactly the
// edits made.
func TestNixAgreesOnGoldenEdits(t *testing.T) {
	cases := loadEditCases(t)
	nixtest.EachVersion(t, func(t *testing.T, n *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		parse := instantiate(t, n, u.Root)
		for _, c := range cases {
			if c.wantErr != "" {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				before := evalInputs(t, n, u.Root, c.name+"-in", c.in)
				after := evalInputs(t, n, u.Root, c.name+"-out", c.out)
				if parse != nil {
					if out, err := parse(filepath.Join(u.Root, c.name+"-out", "flake.nix")); err != nil {
						t.Fatalf("nix-instantiate --parse: %s", out)
					}
				}
				want := before
				for _, o := range c.ops {
					want = o.applyJSON(t, want)
				}
				if !reflect.DeepEqual(after, want) {
					a, _ := json.Marshal(after)
					w, _ := json.Marshal(want)
					t.Fatalf("inputs after the edit:\n%s\nwant (original plus the edits):\n%s", a, w)
				}
			})
		}
	})
}

func evalInputs(t *testing.T, n *nixtest.Nix, root, name string, src []byte) map[string]any {
	t.Helper()
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	out := n.MustRun(t, dir, "eval", "--impure", "--json", "--expr", "(import ./flake.nix).inputs or { }")
	v, err := nixtest.DecodeJSON([]byte(out))
	if err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("inputs is %T", v)
	}
	return m
}

// applyJSON applies the op to the JSON value of a flake's inputs, the way
// the edit should have changed it.
func (o op) applyJSON(t *testing.T, inputs map[string]any) map[string]any {
	t.Helper()
	root := deepCopy(inputs).(map[string]any)
	obj := func(m map[string]any, k string) map[string]any {
		if c, ok := m[k].(map[string]any); ok {
			return c
		}
		c := map[string]any{}
		m[k] = c
		return c
	}
	switch o.verb {
	case "add":
		m := map[string]any{}
		for _, a := range o.attrs {
			if n, ok := a.Value.(int64); ok {
				m[a.Name] = json.Number(strconv.FormatInt(n, 10))
			} else {
				m[a.Name] = a.Value
			}
		}
		root[o.path[0]] = m
	case "set":
		m := obj(root, o.path[0])
		for _, p := range o.path[1:] {
			m = obj(obj(m, "inputs"), p)
		}
		m["follows"] = o.arg
	case "drop":
		// Remove the leaf, then every object on its path left empty
		// (the root input itself stays).
		chain := []map[string]any{obj(root, o.path[0])}
		keys := []string{}
		for _, p := range o.path[1:] {
			in := obj(chain[len(chain)-1], "inputs")
			chain = append(chain, in, obj(in, p))
			keys = append(keys, "inputs", p)
		}
		delete(chain[len(chain)-1], "follows")
		for i := len(chain) - 1; i > 0; i-- {
			if len(chain[i]) == 0 {
				delete(chain[i-1], keys[i-1])
			}
		}
	}
	return root
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = deepCopy(x)
		}
		return l
	}
	return v
}

// TestNixLocksEditedFlake: the edits do what they are for. After
// SetFollows Nix locks the dependency's nixpkgs to the root's; after
// hoisting (AddInput as an attribute-set reference plus two follows) the
// hoisted node's original is exactly the attributes written.
func TestNixLocksEditedFlake(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, n *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		dir, _ := u.Flake("root", `{
  inputs = {
    nixpkgs.url = "{{nixpkgs}}";
    b = {
      url = "{{b}}"; # b's nixpkgs is nixpkgs2
    };
    d.url = "{{d}}";
  };
  outputs = { self, ... }: { };
}
`)
		n.Lock(t, dir)
		u.Commit(dir)
		src, err := os.ReadFile(filepath.Join(dir, "flake.nix"))
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse("flake.nix", src)
		if err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(f.SetFollows([]string{"b", "nixpkgs"}, "nixpkgs"))
		must(f.AddInput("c", []Attr{{Name: "type", Value: "git"}, {Name: "url", Value: "file://" + u.Dir("c")}}))
		must(f.SetFollows([]string{"d", "c"}, "c"))
		must(f.SetFollows([]string{"c", "nixpkgs"}, "nixpkgs"))
		if err := os.WriteFile(filepath.Join(dir, "flake.nix"), f.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		lockBytes := n.Lock(t, dir)
		var lock struct {
			Nodes map[string]struct {
				Inputs   map[string]any `json:"inputs"`
				Original map[string]any `json:"original"`
			} `json:"nodes"`
		}
		if err := json.Unmarshal(lockBytes, &lock); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			node, input string
			want        any
		}{
			{"b", "nixpkgs", []any{"nixpkgs"}},
			{"d", "c", []any{"c"}},
			{"c", "nixpkgs", []any{"nixpkgs"}},
			{"root", "c", "c"},
		} {
			if got := lock.Nodes[tc.node].Inputs[tc.input]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("lock: %s.inputs.%s = %v, want %v\n%s", tc.node, tc.input, got, tc.want, lockBytes)
			}
		}
		wantOrig := map[string]any{"type": "git", "url": "file://" + u.Dir("c")}
		if got := lock.Nodes["c"].Original; !reflect.DeepEqual(got, wantOrig) {
			t.Errorf("hoisted c: original = %v, want %v", got, wantOrig)
		}
		if err := n.UpToDate(t, dir); err != nil {
			t.Errorf("lock not up to date after the edit: %v", err)
		}
	})
}
