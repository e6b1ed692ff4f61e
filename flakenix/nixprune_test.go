package flakenix

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// staleFlake declares overrides for inputs its dependencies do not have,
// in every layout DropFollows handles; g is a registry flake declared by
// nothing but an override.
const staleFlake = `{
  inputs = {
    nixpkgs.url = "{{nixpkgs}}";
    a.url = "{{a}}";
    a.inputs.zzz.follows = "nixpkgs"; # stale
    b = {
      url = "{{b}}";
      inputs.nixpkgs.follows = "nixpkgs";
      inputs.old.follows = "nixpkgs";
    };
    c = {
      url = "{{c}}";
      inputs = {
        gone.follows = "nixpkgs";
      };
    };
    d.url = "{{d}}";
    d.inputs = { c.follows = "c"; removed.follows = "nixpkgs"; };
    e.url = "{{a}}";
    e = { inputs.zzz.follows = ""; };
    g.inputs.zzz.follows = "nixpkgs";
  };
  inputs.h = { url = "{{a}}"; inputs.x.follows = "nixpkgs"; }; inputs.h.inputs.y.follows = "nixpkgs";
  outputs = { self, ... }: { };
}
`

var staleOverrides = [][]string{{"a", "zzz"}, {"b", "old"}, {"c", "gone"}, {"d", "removed"}, {"e", "zzz"}, {"g", "zzz"}, {"h", "x"}, {"h", "y"}}

// nonExistentWarnings are the lines of Nix's output that warn about an
// override for an input that does not exist, sorted.
func nonExistentWarnings(stderr string) []string {
	var out []string
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "non-existent input") {
			out = append(out, strings.TrimSpace(line))
		}
	}
	sort.Strings(out)
	return out
}

// TestNixPrunesStaleOverrides: Nix warns about each stale override (since
// some version after 2.8; 2.8 says nothing), and after DropFollows of each
// it warns about none and writes the same lock, with the old lock in place
// and from scratch. With LF and with CRLF line endings.
func TestNixPrunesStaleOverrides(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, n *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		u.Registry("g", u.URL("a"))
		for _, crlf := range []bool{false, true} {
			text := u.Expand(staleFlake)
			name := "root"
			if crlf {
				text = strings.ReplaceAll(text, "\n", "\r\n")
				name = "root-crlf"
			}
			dir, _ := u.Flake(name, text)
			_, stderr, err := n.Run(t, dir, "flake", "lock")
			if err != nil {
				t.Fatal(err)
			}
			lock := u.ReadFile(dir, "flake.lock")
			var want []string
			switch {
			case n.AtLeast(2, 34):
				for _, p := range staleOverrides {
					want = append(want, "warning: input '"+p[0]+"' has an override for a non-existent input '"+p[1]+"'")
				}
			case n.AtLeast(2, 9):
				want = nil // which version between 2.8 and 2.34 began to warn is not pinned
			}
			got := nonExistentWarnings(stderr)
			sort.Strings(want)
			if (n.AtLeast(2, 34) || !n.AtLeast(2, 9)) && strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%s before the edit warns:\n%s\nwant:\n%s", n, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			u.Commit(dir)

			f, err := Parse("flake.nix", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range staleOverrides {
				if err := f.DropFollows(p); err != nil {
					t.Fatalf("DropFollows(%v): %v", p, err)
				}
			}
			if crlf && bytes.Count(f.Bytes(), []byte("\n")) != bytes.Count(f.Bytes(), []byte("\r\n")) {
				t.Fatalf("a line lost its CR:\n%q", f.Bytes())
			}
			u.SetFlake(dir, string(f.Bytes()))
			_, stderr, err = n.Run(t, dir, "flake", "lock")
			if err != nil {
				t.Fatal(err)
			}
			if w := nonExistentWarnings(stderr); len(w) > 0 {
				t.Errorf("%s still warns after the edit:\n%s\n%s", n, strings.Join(w, "\n"), f.Bytes())
			}
			nixtest.SameBytes(t, "lock kept after the edit", u.ReadFile(dir, "flake.lock"), lock)
			if err := os.Remove(filepath.Join(dir, "flake.lock")); err != nil {
				t.Fatal(err)
			}
			n.Lock(t, dir)
			nixtest.SameBytes(t, "lock written afresh after the edit", u.ReadFile(dir, "flake.lock"), lock)
		}
	})
}
