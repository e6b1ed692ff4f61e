{
  inputs.nixpkgs.url = ''github:NixOS/nixpkgs'';
  inputs.foo.url = ''
    github:example/foo
  '';
  outputs = inputs: { };
}
