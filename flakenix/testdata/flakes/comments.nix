{
  # The flake's description.
  description = "Comments everywhere"; # trailing

  inputs = {
    /* the package set */
    nixpkgs.url = "github:NixOS/nixpkgs"; # unstable
    # home-manager follows our nixpkgs
    home-manager = {
      url = "github:nix-community/home-manager"; # master
      /* overrides below */
    };
  };

  outputs = { self, nixpkgs, ... }: { }; # done
}
