{
  description = "Attribute-set flake references";
  inputs = {
    nixpkgs = {
      type = "github";
      owner = "NixOS";
      repo = "nixpkgs";
      ref = "nixos-unstable";
    };
    utils = { type = "github"; owner = "numtide"; repo = "flake-utils"; rev = "1ef2e671c3b0c19053962c07dbda38332dcebf26"; };
    local = { type = "git"; url = "file:///srv/flakes/local"; submodules = true; revCount = 12; };
  };
  outputs = { self, ... }: { };
}
