# One input spread over several bindings, in every merge order Nix accepts.
rec {
  inputs.a.url = "github:example/a";
  inputs = {
    b = { url = "github:example/b"; };
    c.url = "github:example/c";
  };
  inputs.b.inputs.nixpkgs.follows = "nixpkgs";
  inputs.c = { flake = false; };
  inputs.nixpkgs = { url = "github:NixOS/nixpkgs"; };
  inputs.a.inputs = { nixpkgs.follows = "nixpkgs"; };
  outputs = { self, ... }: { };
}
