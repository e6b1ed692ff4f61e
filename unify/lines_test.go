package unify

import (
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/lockgraph"
)

func TestReleaseLine(t *testing.T) {
	for _, c := range []struct{ branch, url, want string }{
		{"nixos-24.05", "", "24.05"},
		{"nixpkgs-24.11-darwin", "", "24.11"},
		{"release-23.11", "", "23.11"},
		{"nixos-21.05-small", "", "21.05"},
		{"refs/heads/nixos-25.05", "", "25.05"},
		{"nixos-unstable", "", "unstable"},
		{"nixpkgs-unstable", "", "unstable"},
		{"master", "", "unstable"},
		{"nixos-unstable-small", "", "unstable"},
		{"", "https://flakehub.com/f/NixOS/nixpkgs/0.2405.%2A.tar.gz", "24.05"},
		{"", "https://flakehub.com/f/NixOS/nixpkgs/0.1.tar.gz", "unstable"},
		{"", "https://flakehub.com/f/DeterminateSystems/nixpkgs-weekly/0.1", "unstable"},
		{"", "https://flakehub.com/f/NixOS/nixpkgs/%2A", ""},
		{"", "https://flakehub.com/f/NixOS/nixpkgs/0.23.1", ""},
		{"nixos-24.05-darwin", "", ""},
		{"main", "", ""},
		{"nixos-2405", "", ""},
		{"", "", ""},
	} {
		if got := ReleaseLine(c.branch, c.url); got != c.want {
			t.Errorf("ReleaseLine(%q, %q) = %q, want %q", c.branch, c.url, got, c.want)
		}
	}
}

// TestDeclarationQuotes: names Nix cannot read bare are quoted, in the
// declaration and in the hint for a path too deep for the Nix in use.
func TestDeclarationQuotes(t *testing.T) {
	p := lockgraph.Path{"crane", "my.flake", "nixpkgs"}
	if got, want := Declaration(p, lockgraph.Path{"nixpkgs"}), `inputs.crane.inputs."my.flake".inputs.nixpkgs.follows = "nixpkgs";`; got != want {
		t.Errorf("Declaration = %s, want %s", got, want)
	}
	if got := Declaration(lockgraph.Path{"a", "or", "in"}, lockgraph.Path{"x"}); got != `inputs.a.inputs.or.inputs."in".follows = "x";` {
		t.Errorf("keywords: %s", got)
	}
	// A quoted name is a Nix string: ${ starts no interpolation.
	if got := Declaration(lockgraph.Path{"a", "${x}"}, lockgraph.Path{"x"}); got != `inputs.a.inputs."\${x}".follows = "x";` {
		t.Errorf("dollar: %s", got)
	}
	why := depthWhy(UnknownNix, p, lockgraph.Path{"nixpkgs"})
	if !strings.Contains(why, "declare `inputs.crane.inputs.\"my.flake\".follows = \"my.flake\";`") {
		t.Errorf("depth hint: %s", why)
	}
}
