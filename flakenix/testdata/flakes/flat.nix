{
  description = "Flat style: every input attribute on its own line";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";
  inputs.flake-utils.url = "github:numtide/flake-utils";
  inputs.secrets.url = "git+ssh://git@example.org/secrets.git";
  inputs.secrets.flake = false;

  outputs = { self, nixpkgs, home-manager, flake-utils, ... }@inputs: {
    packages = flake-utils.lib.eachDefaultSystem (system: { });
  };
}
