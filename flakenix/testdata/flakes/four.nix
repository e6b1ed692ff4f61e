{
    description = "Four spaces";
    inputs = {
        nixpkgs.url = "github:NixOS/nixpkgs";
        crane = {
            url = "github:ipetkov/crane";
        };
        rust-overlay.url = "github:oxalica/rust-overlay";
    };
    outputs = { self, ... }: { };
}
