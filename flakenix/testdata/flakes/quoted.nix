{
  inputs."nixpkgs".url = "github:NixOS/nixpkgs";
  inputs."my.flake".url = "github:example/my.flake";
  inputs."my.flake".inputs."nixpkgs".follows = "nixpkgs";
  inputs.${"static-name"}.url = "github:example/static";
  outputs = { self, ... }: { };
}
