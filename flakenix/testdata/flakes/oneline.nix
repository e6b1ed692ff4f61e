{ inputs = { nixpkgs.url = "github:NixOS/nixpkgs"; sops = { url = "github:Mic92/sops-nix"; }; }; outputs = { self, ... }: { }; }
