package lockgraph

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func attrs(kv ...string) Attrs {
	var a Attrs
	for i := 0; i+1 < len(kv); i += 2 {
		a = a.Set(kv[i], StringValue(kv[i+1]))
	}
	return a
}

// Every source form a flake reference takes, decided from original first,
// locked second.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name             string
		original, locked Attrs
		want             Class
	}{
		{"indirect nixpkgs", attrs("type", "indirect", "id", "nixpkgs"), attrs("type", "path", "path", "/nix/store/x-source"), Nixpkgs},
		{"indirect nixpkgs/branch", attrs("type", "indirect", "id", "nixpkgs", "ref", "nixos-24.05"), attrs("type", "github", "owner", "NixOS", "repo", "nixpkgs"), Nixpkgs},
		{"indirect other id, locked to nixpkgs", attrs("type", "indirect", "id", "pkgs"), attrs("type", "github", "owner", "NixOS", "repo", "nixpkgs"), Nixpkgs},
		{"indirect other id", attrs("type", "indirect", "id", "home-manager"), attrs("type", "github", "owner", "nix-community", "repo", "home-manager"), Other},
		{"github NixOS", attrs("type", "github", "owner", "NixOS", "repo", "nixpkgs", "ref", "nixos-unstable"), nil, Nixpkgs},
		{"github nixos lower case", attrs("type", "github", "owner", "nixos", "repo", "nixpkgs"), nil, Nixpkgs},
		{"github host github.com", attrs("type", "github", "owner", "NixOS", "repo", "nixpkgs", "host", "github.com"), nil, Nixpkgs},
		{"github enterprise mirror", attrs("type", "github", "owner", "NixOS", "repo", "nixpkgs", "host", "ghe.example.com"), nil, NixpkgsLike},
		{"github fork", attrs("type", "github", "owner", "jane", "repo", "nixpkgs"), nil, NixpkgsLike},
		{"nixpkgs.lib", attrs("type", "github", "owner", "nix-community", "repo", "nixpkgs.lib"), nil, NixpkgsLike},
		{"devenv-nixpkgs", attrs("type", "github", "owner", "cachix", "repo", "devenv-nixpkgs"), nil, NixpkgsLike},
		{"nixpkgs-wayland is an overlay, not nixpkgs", attrs("type", "github", "owner", "nix-community", "repo", "nixpkgs-wayland"), nil, Other},
		{"git https", attrs("type", "git", "url", "https://github.com/NixOS/nixpkgs", "ref", "nixos-unstable"), nil, Nixpkgs},
		{"git https .git/", attrs("type", "git", "url", "https://github.com/NixOS/nixpkgs.git/"), nil, Nixpkgs},
		{"git ssh", attrs("type", "git", "url", "ssh://git@github.com/NixOS/nixpkgs"), nil, Nixpkgs},
		{"git scp-like", attrs("type", "git", "url", "git@github.com:NixOS/nixpkgs.git"), nil, Nixpkgs},
		{"git mirror elsewhere", attrs("type", "git", "url", "https://git.example.com/mirrors/nixpkgs"), nil, NixpkgsLike},
		{"git local clone", attrs("type", "git", "url", "file:///srv/nixpkgs"), nil, Other},
		{"channel nixos.org", attrs("type", "tarball", "url", "https://nixos.org/channels/nixos-unstable/nixexprs.tar.xz"), nil, Nixpkgs},
		{"channel channels.nixos.org", attrs("type", "tarball", "url", "https://channels.nixos.org/nixos-24.05/nixexprs.tar.xz"), nil, Nixpkgs},
		{"releases locked", attrs("type", "tarball", "url", "https://example.com/x.tar.gz"), attrs("type", "tarball", "url", "https://releases.nixos.org/nixos/24.05/nixos-24.05.1.abc/nixexprs.tar.xz"), Nixpkgs},
		{"a Nix release tarball is not nixpkgs", attrs("type", "tarball", "url", "https://releases.nixos.org/nix/nix-2.18.1/nix-2.18.1.tar.xz"), nil, Other},
		{"github archive", attrs("type", "tarball", "url", "https://github.com/NixOS/nixpkgs/archive/nixos-24.05.tar.gz"), nil, Nixpkgs},
		{"codeload", attrs("type", "tarball", "url", "https://codeload.github.com/nixos/nixpkgs/tar.gz/abc"), nil, Nixpkgs},
		{"api.github.com tarball", attrs("type", "tarball", "url", "https://api.github.com/repos/NixOS/nixpkgs/tarball/abc"), nil, Nixpkgs},
		{"flakehub *", attrs("type", "tarball", "url", "https://flakehub.com/f/NixOS/nixpkgs/0.1.*.tar.gz"), nil, Nixpkgs},
		{"flakehub %2A", attrs("type", "tarball", "url", "https://flakehub.com/f/NixOS/nixpkgs/0.1.%2A.tar.gz"), nil, Nixpkgs},
		{"flakehub pinned", attrs("type", "tarball", "url", "https://example.org/x"), attrs("type", "tarball", "url", "https://api.flakehub.com/f/pinned/NixOS/nixpkgs/0.1.0/x/source.tar.gz"), Nixpkgs},
		{"flakehub nixpkgs-weekly", attrs("type", "tarball", "url", "https://flakehub.com/f/DeterminateSystems/nixpkgs-weekly/0.1"), nil, NixpkgsLike},
		{"flakehub other", attrs("type", "tarball", "url", "https://flakehub.com/f/nix-community/home-manager/0.1"), nil, Other},
		{"file flake=false source", attrs("type", "file", "url", "https://github.com/NixOS/nixpkgs/archive/abc.tar.gz"), nil, Nixpkgs},
		{"path", attrs("type", "path", "path", "/nix/store/x-source"), nil, Other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.locked == nil {
				tc.locked = tc.original
			}
			got := Classifier{}.Classify(&Node{Original: tc.original, Locked: tc.locked})
			if got.Class != tc.want {
				t.Errorf("Classify = %v (%s), want %v", got.Class, got.Why, tc.want)
			}
		})
	}
}

func TestClassifyMatch(t *testing.T) {
	c := Classifier{Match: regexp.MustCompile(`^git\+https://git\.example\.com/mirrors/nixpkgs`)}
	n := &Node{Original: attrs("type", "git", "url", "https://git.example.com/mirrors/nixpkgs", "ref", "main"),
		Locked: attrs("type", "git", "url", "https://git.example.com/mirrors/nixpkgs")}
	if got := c.Classify(n); got.Class != Nixpkgs {
		t.Errorf("--match mirror: %v", got)
	}
}

func TestFlakeURL(t *testing.T) {
	for _, tc := range []struct {
		a    Attrs
		want string
	}{
		{attrs("type", "github", "owner", "NixOS", "repo", "nixpkgs", "ref", "nixos-unstable"), "github:NixOS/nixpkgs/nixos-unstable"},
		{attrs("type", "github", "owner", "NixOS", "repo", "nixpkgs", "rev", "abc", "dir", "lib"), "github:NixOS/nixpkgs/abc?dir=lib"},
		{attrs("type", "indirect", "id", "nixpkgs", "ref", "nixos-24.05"), "flake:nixpkgs/nixos-24.05"},
		{attrs("type", "git", "url", "https://git.example.com/mirrors/nixpkgs", "ref", "main"), "git+https://git.example.com/mirrors/nixpkgs?ref=main"},
		{attrs("type", "git", "url", "file:///x?dir=.", "dir", "."), "git+file:///x?dir=.&dir=."},
		{attrs("type", "tarball", "url", "https://channels.nixos.org/nixos-24.05/nixexprs.tar.xz"), "https://channels.nixos.org/nixos-24.05/nixexprs.tar.xz"},
		{attrs("type", "path", "path", "/nix/store/x"), "path:/nix/store/x"},
		{attrs("type", "file", "url", "https://e.com/f"), "file+https://e.com/f"},
	} {
		if got := FlakeURL(tc.a); got != tc.want {
			t.Errorf("FlakeURL(%v) = %q, want %q", tc.a, got, tc.want)
		}
	}
}

// lowerIs answers what comparing strings.ToLower would, on the names it
// is asked about spelled in every case, with the non-ASCII letters that
// lower to ASCII ones (İ, the Kelvin sign) or fold to them without
// lowering (ſ), and on random strings of such pieces.
func TestLowerIsToLower(t *testing.T) {
	targets := []string{"nixos", "nixpkgs", "nixpkgs.lib", "cachix", "devenv-nixpkgs", "numtide", "nixpkgs-unfree", "determinatesystems", "nixpkgs-weekly"}
	pieces := []string{"n", "N", "i", "I", "İ", "x", "X", "o", "O", "s", "S", "ſ", "k", "K", "\u212a", "p", "P", "g", ".", "-", "lib", "LIB", "é", ""}
	check := func(s string) {
		for _, tgt := range targets {
			if got, want := lowerIs(s, tgt), strings.ToLower(s) == tgt; got != want {
				t.Fatalf("lowerIs(%q, %q) = %v, ToLower says %v", s, tgt, got, want)
			}
		}
	}
	for _, tgt := range targets {
		check(tgt)
		check(strings.ToUpper(tgt))
		check(strings.ReplaceAll(tgt, "i", "İ"))
		check(strings.ReplaceAll(tgt, "k", "\u212a"))
		check(strings.ReplaceAll(tgt, "s", "ſ"))
		check(tgt[:len(tgt)-1])
		check(tgt + "x")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		check(b.String())
	}
}
