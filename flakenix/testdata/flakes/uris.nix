{
  # Inputs written as unquoted URIs, in every shape Nix reads them.
  inputs = {
    nixpkgs.url = github:NixOS/nixpkgs/nixos-24.05;
    tool.url = gitlab:owner/repo?dir=x;
    dep = {
      url = git+https://example.org/dep.git?ref=main&rev=0123456789abcdef0123456789abcdef01234567;
      inputs.nixpkgs.follows = "nixpkgs";
    };
    sub.url = path:./sub;
    local = { type = "git"; url = file:///srv/local; submodules = true; };
    hut.url = sourcehut:~user/repo;
    tarball.url = https://example.org/a.tar.gz?x=1&y=2;
    registry.url = flake:nixpkgs;
  };
  outputs = { self, ... }: { };
}
