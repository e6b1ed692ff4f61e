{
  description = "flake-unify: make every input of a Nix flake share one nixpkgs";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
      # A Go-style pseudo-version: the commit date and revision of this
      # source ("dirty" for an uncommitted tree), stamped into --version.
      version = "0.0.0-${builtins.substring 0 14 (self.lastModifiedDate or "19700101000000")}-${self.shortRev or "dirty"}";
      package = pkgs: pkgs.callPackage ./nix/package.nix { src = self; inherit version; };
    in
    {
      overlays.default = final: prev: { flake-unify = package final; };

      packages = forAllSystems (pkgs: rec {
        flake-unify = package pkgs;
        default = flake-unify;
      });

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = "${self.packages.${pkgs.stdenv.hostPlatform.system}.default}/bin/flake-unify";
        };
      });

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [ pkgs.go pkgs.gopls pkgs.nix pkgs.git ];
        };
      });
    };
}
