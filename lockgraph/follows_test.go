package lockgraph

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *Lock {
	t.Helper()
	l, err := Parse("flake.lock", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rewrite applies follows declarations and returns what Nix would write.
func rewrite(t *testing.T, l *Lock, decls ...string) []byte {
	t.Helper()
	c, err := l.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range decls {
		p, target, _ := strings.Cut(d, "=")
		if err := c.SetFollows(ParsePath(p), ParsePath(target)); err != nil {
			t.Fatal(err)
		}
	}
	c, err = c.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// e01-step2.lock is the file Nix 2.8 wrote after
// `inputs.a.inputs.nixpkgs.follows = "nixpkgs";` was added; e01-step1.lock
// is the lock before, rebuilt by hand from what Nix wrote (the
// Nix-run version of this test lives in nix_e2e_test.go).
func TestFollowsShiftsKeys(t *testing.T) {
	step1 := mustParse(t, string(mustRead(t, "testdata/e01-step1.lock")))
	want := mustRead(t, "testdata/e01-step2.lock")
	if got := rewrite(t, step1, "a/nixpkgs=nixpkgs"); !bytes.Equal(got, want) {
		t.Fatalf("after a/nixpkgs follows nixpkgs:\n%s", firstDiff(want, got))
	}
	// Step 3: b too. b's node disappears and the root's takes the plain key.
	got := mustParse(t, string(rewrite(t, step1, "a/nixpkgs=nixpkgs", "b/nixpkgs=nixpkgs")))
	if keys := sortedKeys(got.Nodes); strings.Join(keys, " ") != "a b nixpkgs root" {
		t.Fatalf("step 3 keys = %v", keys)
	}
	if in := got.Nodes["root"].Input("nixpkgs"); in.Node != "nixpkgs" {
		t.Fatalf("root's nixpkgs is %q, want the key nixpkgs", in.Node)
	}
	if got.Nodes["nixpkgs"].Original.Str("url") != "file:///tmp/nixexp/nixpkgs" {
		t.Fatalf("the surviving nixpkgs is not the root's")
	}
}

func TestSetFollowsErrorsLeaveLockUnchanged(t *testing.T) {
	src := string(mustRead(t, "testdata/e01-step1.lock"))
	for _, tc := range []struct {
		path, target, want string
	}{
		{"a/nope", "nixpkgs", `node "a" has no input "nope"`},
		{"x/nixpkgs", "nixpkgs", `node "root" has no input "x"`},
		{"a/nixpkgs", "nope", `'nope' does not exist`},
		{"a/nixpkgs", "a/nixpkgs", "follows cycle: 'a/nixpkgs' -> 'a/nixpkgs'"},
		{"", "nixpkgs", "the root itself has no edge"},
	} {
		l := mustParse(t, src)
		setFollowsMustFail(t, l, tc.path, tc.target, tc.want)
	}
	// Found by FuzzSetFollows: e/nixpkgs follows d/c/nixpkgs, so d/c may not
	// follow e.
	setFollowsMustFail(t, parseFile(t, "testdata/deep.lock"), "d/c", "e",
		"breaks another follows: testdata/deep.lock:44:9: broken follows 'e/nixpkgs' -> 'd/c/nixpkgs': follows cycle")
}

func setFollowsMustFail(t *testing.T, l *Lock, path, target, want string) {
	t.Helper()
	before, _ := l.Encode()
	err := l.SetFollows(ParsePath(path), ParsePath(target))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("SetFollows(%s, %s) = %v, want error containing %q", path, target, err, want)
	}
	if after, _ := l.Encode(); !bytes.Equal(before, after) {
		t.Errorf("SetFollows(%s, %s) changed the lock on error", path, target)
	}
}

func TestSetFollowsThroughFollowsAndShared(t *testing.T) {
	// x follows b; b's node is shared with y (a hand-made v5-style lock).
	l := mustParse(t, `{"nodes": {
		"b": {"inputs": {"n": "n"}, "locked": {"type": "path", "path": "/b"}, "original": {"type": "path", "path": "/b"}},
		"n": {"locked": {"type": "path", "path": "/n"}, "original": {"type": "path", "path": "/n"}},
		"root": {"inputs": {"b": "b", "x": ["b"], "y": "b"}}
	}, "root": "root", "version": 5}`)
	if err := l.SetFollows(Path{"x", "n"}, Path{}); err == nil || !strings.Contains(err.Error(), "'x' is a follows of 'b'") {
		t.Errorf("through a follows: %v", err)
	}
	if err := l.SetFollows(Path{"b", "n"}, Path{}); err == nil || !strings.Contains(err.Error(), "shared by 2 edges") {
		t.Errorf("shared node: %v", err)
	}
	c, err := l.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetFollows(Path{"b", "n"}, Path{}); err != nil {
		t.Fatalf("after Canonical: %v", err)
	}
	if k, _ := c.Resolve(Path{"b", "n"}); k != "root" {
		t.Errorf("follows \"\" resolves to %q, want the root", k)
	}
	if k, _ := c.Resolve(Path{"y", "n"}); k == "root" {
		t.Errorf("un-shared y/n changed too")
	}
}

func TestResolve(t *testing.T) {
	l := mustParse(t, `{"nodes": {
		"a": {"inputs": {"nixpkgs": ["b", "nixpkgs"]}, "locked": {"type": "path", "path": "/a"}, "original": {"type": "path", "path": "/a"}},
		"b": {"inputs": {"nixpkgs": ["nixpkgs"]}, "locked": {"type": "path", "path": "/b"}, "original": {"type": "path", "path": "/b"}},
		"c": {"inputs": {"self": []}, "locked": {"type": "path", "path": "/c"}, "original": {"type": "path", "path": "/c"}},
		"nixpkgs": {"locked": {"type": "path", "path": "/n"}, "original": {"type": "path", "path": "/n"}},
		"root": {"inputs": {"a": "a", "b": "b", "c": "c", "nixpkgs": "nixpkgs", "x": ["a"]}}
	}, "root": "root", "version": 7}`)
	for _, tc := range []struct{ path, want string }{
		{"", "root"},
		{"a", "a"},
		{"a/nixpkgs", "nixpkgs"}, // a chain: a/nixpkgs -> b/nixpkgs -> nixpkgs
		{"x/nixpkgs", "nixpkgs"}, // through a follows
		{"c/self", "root"},
		{"c/self/a", "a"},
	} {
		got, err := l.Resolve(ParsePath(tc.path))
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.path, got, err, tc.want)
		}
	}
	if !l.LiteralPath(ParsePath("a/nixpkgs")) || l.LiteralPath(ParsePath("x/nixpkgs")) || !l.LiteralPath(ParsePath("x")) {
		t.Error("LiteralPath: a path may end at a follows but not pass through one")
	}
	if err := l.Check(); err != nil {
		t.Error(err)
	}
}

func TestParsePath(t *testing.T) {
	for in, want := range map[string]string{"": "", "/": "", "nixpkgs": "nixpkgs", "/b//nixpkgs/": "b/nixpkgs", "a/b/c": "a/b/c"} {
		if got := ParsePath(in).String(); got != want {
			t.Errorf("ParsePath(%q) = %q, want %q", in, got, want)
		}
	}
	if p := ParsePath(""); p == nil || len(p) != 0 {
		t.Error("ParsePath(\"\") must be the empty, non-nil root path")
	}
}

func parseFile(t *testing.T, name string) *Lock {
	t.Helper()
	l, err := Parse(name, mustRead(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return l
}
