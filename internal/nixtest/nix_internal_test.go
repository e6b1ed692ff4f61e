package nixtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProbeParsesVersions(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		out                 string
		version             string
		major, minor, patch int
	}{
		{"nix (Nix) 2.8.0", "2.8.0", 2, 8, 0},
		{"nix (Nix) 2.34.8", "2.34.8", 2, 34, 8},
		{"nix (Nix) 2.31.0pre20250712_dirty", "2.31.0pre20250712_dirty", 2, 31, 0},
		{"nix (Determinate Nix 3.8.2) 2.30.2", "2.30.2", 2, 30, 2},
	} {
		p := filepath.Join(dir, "nix")
		script := "#!/bin/sh\necho '" + tc.out + "'\n"
		if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		n, err := probe(p, "test")
		if err != nil {
			t.Fatalf("%q: %v", tc.out, err)
		}
		if n.Version != tc.version || n.Major != tc.major || n.Minor != tc.minor || n.Patch != tc.patch {
			t.Errorf("%q: got %+v", tc.out, n)
		}
		os.Remove(p)
	}
}

func TestProbeRejectsBrokenBinaries(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("#!/bin/sh\necho 'not nix'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := probe(bad, "test"); err == nil || !strings.Contains(err.Error(), "unexpected output") {
		t.Errorf("probe(not nix) = %v", err)
	}
	if _, err := probe(filepath.Join(dir, "missing"), "test"); err == nil {
		t.Errorf("probe(missing) succeeded")
	}
}

func TestAtLeast(t *testing.T) {
	n := &Nix{Major: 2, Minor: 30}
	for _, tc := range []struct {
		major, minor int
		want         bool
	}{{2, 29, true}, {2, 30, true}, {2, 31, false}, {1, 99, true}, {3, 0, false}} {
		if got := n.AtLeast(tc.major, tc.minor); got != tc.want {
			t.Errorf("2.30 AtLeast(%d,%d) = %v", tc.major, tc.minor, got)
		}
	}
}

func TestFindUniverseRoot(t *testing.T) {
	u := NewUniverse(t)
	dir, _ := u.Flake("deep/er", `{ outputs = { self }: { }; }`)
	if got, err := findUniverseRoot(dir); err != nil || got != u.Root {
		t.Errorf("findUniverseRoot(%s) = %q, %v; want %s", dir, got, err, u.Root)
	}
	if _, err := findUniverseRoot(t.TempDir()); err == nil {
		t.Errorf("a directory outside any universe was accepted")
	}
}

func TestURLToAttrs(t *testing.T) {
	for in, want := range map[string]string{
		"git+file:///x/np":                 `map[type:git url:file:///x/np]`,
		"git+file:///x/np?ref=nixos-24.05": `map[ref:nixos-24.05 type:git url:file:///x/np]`,
		"path:/x/np":                       `map[path:/x/np type:path]`,
	} {
		got, err := urlToAttrs(in)
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("urlToAttrs(%s) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"github:NixOS/nixpkgs", "git+file:///x?dir=lib", "https://x/y.tar.gz"} {
		if _, err := urlToAttrs(bad); err == nil {
			t.Errorf("urlToAttrs(%s) accepted", bad)
		}
	}
}

func TestFindInstantiate(t *testing.T) {
	dir := t.TempDir()
	nix := filepath.Join(dir, "nix")
	inst := filepath.Join(dir, "nix-instantiate")
	write := func(p, out string) {
		t.Helper()
		if err := os.WriteFile(p, []byte("#!/bin/sh\necho '"+out+"'\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(nix, "nix (Nix) 2.34.8")
	if got := findInstantiate(nix); got != "" {
		t.Errorf("no nix-instantiate: found %q", got)
	}
	// A wrapper that does not pass its name on runs plain nix.
	write(inst, "nix (Nix) 2.34.8")
	if got := findInstantiate(nix); got != "" {
		t.Errorf("nix-instantiate that runs as nix: found %q", got)
	}
	write(inst, "nix-instantiate (Nix) 2.34.8")
	n, err := probe(nix, "test")
	if err != nil {
		t.Fatal(err)
	}
	if n.InstantiatePath != inst {
		t.Errorf("InstantiatePath = %q, want %q", n.InstantiatePath, inst)
	}
}
