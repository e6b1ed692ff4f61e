package policy

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/flakenix"
)

// FuzzRead reads arbitrary policy files and flake.nix comments: it must
// never panic; an error is always a positioned diagnostic inside its file
// with a hint; what is read has every position inside the file, on a line
// that holds the value.
func FuzzRead(f *testing.F) {
	f.Add([]byte("to = \"nixpkgs\"\nkeep = [\"*/nixpkgs-stable\", \"a\"]\nall = true\n"),
		[]byte("{\n  inputs.a.url = \"github:o/a\"; # flake-unify: keep\n  outputs = _: { };\n}\n"))
	f.Add([]byte("[t]\nx = 1\n"), []byte("{ inputs = { # flake-unify: kep\n a.url = \"x\"; }; outputs = _: {}; }"))
	f.Add([]byte("keep = [\"a\",\n  1]"), []byte("{ # flake-unify: keep\n}"))
	f.Fuzz(func(t *testing.T, toml, nix []byte) {
		layer, err := ReadFile("p.toml", toml)
		checkErr(t, "p.toml", toml, err)
		for _, s := range layer {
			if s.Origin != File || s.File != "p.toml" || keyIndex(s.Key) < 0 {
				t.Fatalf("setting %+v", s)
			}
			checkPos(t, toml, s.Pos)
			for _, p := range s.Items {
				checkPos(t, toml, p)
			}
		}
		file, err := flakenix.Parse("flake.nix", nix)
		if err != nil {
			return
		}
		layer, err = ReadComments("flake.nix", file)
		checkErr(t, "flake.nix", nix, err)
		for _, s := range layer {
			if s.Key != "keep" || len(s.Value.List) != 1 || s.Value.List[0] == "" {
				t.Fatalf("comment setting %+v", s)
			}
			checkPos(t, nix, s.Pos)
			if !strings.HasPrefix(string(nix[s.Pos.Offset:]), "#") && !strings.HasPrefix(string(nix[s.Pos.Offset:]), "/*") {
				t.Fatalf("comment setting at %v is not at a comment", s.Pos)
			}
		}
		// Reading is a function of the input: a second read agrees.
		again, err2 := ReadComments("flake.nix", file)
		if (err == nil) != (err2 == nil) || len(again) != len(layer) {
			t.Fatalf("second read differs")
		}
	})
}

func checkErr(t *testing.T, name string, src []byte, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var de *diag.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a diagnostic", err)
	}
	if de.File != name || de.Hint == "" || !utf8.ValidString(de.Hint) {
		t.Fatalf("diagnostic %q (file %q, hint %q)", err, de.File, de.Hint)
	}
	if de.Pos.IsValid() {
		checkPos(t, src, de.Pos)
	}
}

// checkPos: p is inside src and its line and column agree with its offset.
func checkPos(t *testing.T, src []byte, p diag.Pos) {
	t.Helper()
	if !p.IsValid() || p.Offset < 0 || p.Offset > len(src) {
		t.Fatalf("position %+v outside the %d bytes", p, len(src))
	}
	if want := diag.PosOf(src, p.Offset); want.Line != p.Line || want.Col != p.Col {
		t.Fatalf("position %+v, its offset is at %v", p, want)
	}
}
