package lockgraph

import (
	"bytes"
	"os"
	"testing"
)

// FuzzParse: Parse never panics; whatever parses encodes, and parse → encode
// is a fixed point after one round; Check, Canonical and Copies never panic,
// and Canonical's output parses and is canonical itself.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"nodes": {"root": {}}, "root": "root", "version": 7}`))
	f.Add([]byte(`{"nodes": {"a": {"inputs": {"n": ["a"]}, "info": {"narHash": "x"}, "locked": {"rev": "r", "type": "git", "url": "file:///a"}, "original": {"type": "git", "url": "file:///a"}}, "root": {"inputs": {"a": "a", "b": "a"}}}, "root": "root", "version": 5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("flake.lock", data)
		if err != nil {
			return
		}
		out, err := l.Encode()
		if err != nil {
			t.Fatalf("parsed but does not encode: %v", err)
		}
		l2, err := Parse("again", out)
		if err != nil {
			t.Fatalf("encoded output does not parse: %v\n%s", err, out)
		}
		out2, err := l2.Encode()
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("encode is not stable: %v\n%s\n---\n%s", err, out, out2)
		}
		if l.Check() != nil {
			return
		}
		if _, err := l.Copies(Classifier{}); err != nil {
			t.Fatalf("Copies after a clean Check: %v", err)
		}
		c, err := l.Canonical()
		if err != nil {
			return // too large when un-shared
		}
		cout, err := c.Encode()
		if err != nil {
			t.Fatal(err)
		}
		c2, err := Parse("canonical", cout)
		if err != nil {
			t.Fatalf("canonical output does not parse: %v", err)
		}
		c3, err := c2.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		if cout2, _ := c3.Encode(); !bytes.Equal(cout, cout2) {
			t.Fatalf("Canonical is not idempotent:\n%s\n---\n%s", cout, cout2)
		}
	})
}

// FuzzSetFollows: any follows declaration on a real lock either fails and
// leaves the lock as it was, or gives a lock that passes Check and survives
// a round trip. The locks are fixed (FuzzParse fuzzes lock bytes); the
// declaration is fuzzed.
func FuzzSetFollows(f *testing.F) {
	var locks []*Lock
	for _, name := range []string{"testdata/e01-step1.lock", "testdata/e01-step2.lock", "testdata/deep.lock"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		l, err := Parse(name, data)
		if err != nil {
			f.Fatal(err)
		}
		locks = append(locks, l)
	}
	f.Add(uint8(0), "a/nixpkgs", "nixpkgs")
	f.Add(uint8(0), "b/nixpkgs", "a/nixpkgs")
	f.Add(uint8(0), "nixpkgs", "a/nixpkgs")
	f.Add(uint8(1), "a/nixpkgs", "")
	f.Add(uint8(2), "d/c/nixpkgs", "nixpkgs")
	f.Add(uint8(2), "d/c", "e")
	f.Fuzz(func(t *testing.T, which uint8, path, target string) {
		c, err := locks[int(which)%len(locks)].Canonical()
		if err != nil {
			t.Fatal(err)
		}
		before, _ := c.Encode()
		if err := c.SetFollows(ParsePath(path), ParsePath(target)); err != nil {
			if after, _ := c.Encode(); !bytes.Equal(before, after) {
				t.Fatalf("failed SetFollows changed the lock: %v", err)
			}
			return
		}
		if err := c.Check(); err != nil {
			t.Fatalf("SetFollows(%q, %q) left a broken lock: %v", path, target, err)
		}
		c2, err := c.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		out, err := c2.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse("out", out)
		if err != nil {
			t.Fatalf("output does not parse: %v", err)
		}
		if err := back.Check(); err != nil {
			t.Fatalf("output does not check: %v", err)
		}
	})
}
