package planview

import (
	"regexp"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/flake-unify/flake-unify/unify"
)

// TestTitleAndBranch: the commit subject / pull request title and the
// default branch name, for nixpkgs alone and with other sources selected.
// The flake is the one of the --input testscript.
func TestBranchName(t *testing.T) {
	for rev, want := range map[string]string{
		"5E0CA22929F3342B19569B21B2F3462F053E497B": "flake-unify/nixpkgs-5e0ca22",
		"abc": "flake-unify/nixpkgs-abc",
		"":    "flake-unify/nixpkgs",
	} {
		if got := branchName("nixpkgs", rev); got != want {
			t.Errorf("branchName(nixpkgs, %q) = %q, want %q", rev, got, want)
		}
	}
}

func TestTitleAndBranch(t *testing.T) {
	ar, err := txtar.ParseFile("../testdata/script/inputs.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := unify.Files{LockName: "flake.lock", FlakeName: "flake.nix"}
	for _, f := range ar.Files {
		switch f.Name {
		case "flake.nix":
			files.Flake = f.Data
		case "flake.lock":
			files.Lock = f.Data
		}
	}
	nix28 := func() unify.NixVersion { return unify.NixVersion{Major: 2, Minor: 8, Source: "--nix-version"} }
	cases := []struct {
		name   string
		opt    unify.Options
		title  string
		branch string // a regexp
	}{
		{"nixpkgs", unify.Options{}, "flake.lock: unify nixpkgs (1 copy → 1)", `^flake-unify/nixpkgs-[0-9a-f]{7}$`},
		{"utils", unify.Options{Inputs: []string{"utils"}}, "flake.lock: unify numtide/flake-utils (3 copies → 1)", `^flake-unify/numtide-flake-utils-[0-9a-f]{7}$`},
		{"all", unify.Options{All: true}, "flake.lock: unify nix-systems/default and numtide/flake-utils (5 copies → 2)", `^flake-unify/nixpkgs-[0-9a-f]{7}$`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.opt.Nix = nix28
			p, err := unify.Make(files, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := Title(p); got != c.title {
				t.Errorf("Title() = %q, want %q", got, c.title)
			}
			if got := BranchName(p); !regexp.MustCompile(c.branch).MatchString(got) {
				t.Errorf("BranchName() = %q, want %s", got, c.branch)
			}
		})
	}
}
