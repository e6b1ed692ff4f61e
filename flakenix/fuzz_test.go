package flakenix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

func addSeeds(f *testing.F, add func(src []byte)) {
	for _, name := range corpusFiles(f) {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(src)
	}
	for _, c := range loadEditCases(f) {
		add(c.in)
	}
}

// directiveFiles are the flake.nix files of the directive goldens.
func directiveFiles(t testing.TB) [][]byte {
	files, err := filepath.Glob(filepath.Join("testdata", "directives", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if f.Name == "flake.nix" {
				out = append(out, f.Data)
			}
		}
	}
	return out
}

// FuzzRoundTrip: parsing never panics, whatever parses satisfies the tree
// invariants and prints back byte for byte, and every directive points at
// a comment marker on a line of a binding of its input.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f, func(src []byte) { f.Add(src) })
	for _, tc := range syntaxCases {
		f.Add([]byte(tc.src))
	}
	for _, file := range directiveFiles(f) {
		f.Add(file)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		root, err := parseRoot(src)
		if err != nil {
			return
		}
		checkTree(t, src, root)
		if fl, err := Parse("flake.nix", src); err == nil {
			if got := fl.Print(fl.Root()); string(got) != string(src) {
				t.Fatalf("File.Print differs")
			}
			checkDirectivePositions(t, fl)
		}
	})
}

// FuzzEdit: an edit either fails cleanly, leaving the file as it was, or
// yields a file that parses and says what was asked, where no directive
// has moved to an input it was not on. An "internal error"
// (an edit that does not read back) is a bug.
func FuzzEdit(f *testing.F) {
	addSeeds(f, func(src []byte) {
		f.Add(src, uint8(0), "home-manager/nixpkgs", "nixpkgs")
		f.Add(src, uint8(1), "a/nixpkgs", "")
		f.Add(src, uint8(2), "c", "github")
	})
	for _, src := range directiveFiles(f) {
		f.Add(src, uint8(1), "a/zzz", "")
		f.Add(src, uint8(0), "a/nixpkgs", "nixpkgs")
	}
	f.Fuzz(func(t *testing.T, src []byte, verb uint8, path, target string) {
		fl, err := Parse("flake.nix", src)
		if err != nil {
			return
		}
		p := strings.Split(path, "/")
		before := string(fl.Bytes())
		dirs := directivesByInput(fl)
		switch verb % 3 {
		case 0:
			err = fl.SetFollows(p, target)
			if err == nil {
				if got, ok := fl.Follows(p); !ok || got != target {
					t.Fatalf("Follows after SetFollows = %q, %v", got, ok)
				}
			}
		case 1:
			err = fl.DropFollows(p)
			if err == nil {
				if _, ok := fl.Follows(p); ok {
					t.Fatal("follows still there after DropFollows")
				}
			}
		case 2:
			err = fl.AddInput(p[0], []Attr{{Name: "type", Value: target}, {Name: "n", Value: int64(len(target))}, {Name: "flake", Value: false}})
		}
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("%v\non:\n%s", err, before)
			}
			if string(fl.Bytes()) != before {
				t.Fatal("failed edit changed the file")
			}
			return
		}
		checkTree(t, fl.Bytes(), fl.Root())
		checkDirectivePositions(t, fl)
		checkNoDirectiveMoved(t, dirs, fl, p, verb%3 == 1)
	})
}
