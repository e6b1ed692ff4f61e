package evalbench

import "fmt"

// Packages is the number of attributes of a stand-in package set. At 40,000
// one instantiation costs Nix 2.8 roughly 15–20 MiB: small beside real
// nixpkgs, but large enough that a copy stands out of Nix's own baseline,
// and 26 copies (N = 25 before unification) stay well under 1 GiB.
const Packages = 40000

// System is the one system the generated flakes evaluate for.
const System = "x86_64-linux"

// standinFlake is the flake.nix of the stand-in: legacyPackages is the
// package set instantiated once per system, as real nixpkgs does
// (legacyPackages = forAllSystems (system: import ./. { inherit system; })).
const standinFlake = `{
  description = "nixpkgs stand-in whose package set costs real evaluator memory";
  outputs = { self }: {
    legacyPackages.` + System + ` = import ./default.nix { system = "` + System + `"; };
  };
}
`

// standinDefault is the default.nix of revision tag: a function of system
// (and the ignored config and overlays of nixpkgs' signature) returning an
// attribute set of Packages strings. Every value embeds the system and the
// revision, so no two instantiations share a string, and `revision` tells
// an evaluation which revision a dependency ended up with.
func standinDefault(tag string) string {
	return fmt.Sprintf(`{ system ? builtins.currentSystem, config ? { }, overlays ? [ ] }:
let
  revision = %q;
  package = i: {
    name = "pkg${toString i}";
    value = "${system}-${revision}-package-${toString i}-${builtins.substring 0 8 (builtins.hashString "sha256" (toString i))}";
  };
in
builtins.listToAttrs (builtins.genList package %d) // { inherit revision; }
`, tag, Packages)
}
