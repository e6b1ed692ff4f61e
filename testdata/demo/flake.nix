{
  description = "A NixOS configuration whose inputs each bring their own nixpkgs";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

    # Home directory management.
    home-manager = {
      url = "github:nix-community/home-manager";
    };

    sops-nix.url = "github:Mic92/sops-nix";

    devshell.url = "github:numtide/devshell";
  };

  outputs = { self, nixpkgs, home-manager, sops-nix, devshell, ... }: {
    nixosConfigurations.laptop = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [
        home-manager.nixosModules.home-manager
        sops-nix.nixosModules.sops
      ];
    };
  };
}
