{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs";
    d = {
      url = "github:example/d";
      inputs.c.inputs.nixpkgs.follows = "nixpkgs";
    };
    e.inputs.f.inputs = { g.follows = "nixpkgs"; };
  };
  outputs = { self, ... }: { };
}
