package unify

import "testing"

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
