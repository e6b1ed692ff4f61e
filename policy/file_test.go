package policy

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
)

func TestReadFile(t *testing.T) {
	src := `# the team's policy
to = "nixpkgs"
strategy = "newest"
keep = ["*/nixpkgs-stable", # a comment inside
  "home-manager"]
merge = []
all = true
nix-version = "2.18"
`
	l, err := ReadFile("flake-unify.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range l {
		got = append(got, s.Key+"@"+s.Where())
	}
	want := []string{"to@flake-unify.toml:2:6", "strategy@flake-unify.toml:3:12", "keep@flake-unify.toml:4:8",
		"merge@flake-unify.toml:6:9", "all@flake-unify.toml:7:7", "nix-version@flake-unify.toml:8:15"}
	if !slices.Equal(got, want) {
		t.Errorf("settings\n got %q\nwant %q", got, want)
	}
	if k := l[2].Value.List; !slices.Equal(k, []string{"*/nixpkgs-stable", "home-manager"}) {
		t.Errorf("keep = %q", k)
	}
	if !l[4].Value.Bool || l[1].Value.Str != "newest" || l[3].Value.List == nil {
		t.Errorf("values %+v", l)
	}
}

func TestReadFileErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"to = \"a\"\nfoo = 1\n", "f.toml:2:1: unknown key \"foo\""},
		{"all = \"yes\"\n", "f.toml:1:7: all: wrong type: want true or false"},
		{"keep = \"a\"\n", "f.toml:1:8: keep: wrong type: want a list of strings"},
		{"keep = [\"a\", 1]\n", "f.toml:1:14: keep: wrong type"},
		{"to = [\"a\"]\n", "f.toml:1:6: to: wrong type: want a string"},
		{"to = \"a\"\nto = \"b\"\n", "f.toml:2:1: key \"to\" set twice: first set at line 1"},
		{"[policy]\nto = \"a\"\n", "f.toml:1:2: a table"},
		{"a.b = 1\n", "f.toml:1:1: dotted key"},
		{"to = \"a\n", "f.toml:1:"},
		{"to = \n", "f.toml:1:"},
	} {
		_, err := ReadFile("f.toml", []byte(c.src))
		var de *diag.Error
		if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), c.want) || de.Hint == "" {
			t.Errorf("%q: error %v (hint %q), want prefix %q and a hint", c.src, err, diag.Hint(err), c.want)
		}
	}
}
