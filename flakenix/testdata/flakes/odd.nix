{
   description = "Three-space indentation";
   inputs = {
      nixpkgs.url = "github:NixOS/nixpkgs";
      fenix = {
         url = "github:nix-community/fenix";
      };
   };
   outputs = { self, nixpkgs, fenix }: { };
}
