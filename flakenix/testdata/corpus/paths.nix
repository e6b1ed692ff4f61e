# Path literals, with and without interpolation.
let
  name = "x";
in {
  rel = ./foo/bar.nix;
  dot = ./.;
  up = ../..;
  abs = /etc/nixos/configuration.nix;
  home = ~/projects/nix;
  search = <nixpkgs>;
  searchSub = <nixpkgs/lib>;
  interp = ./modules/${name}.nix;
  interpStart = ./${name};
  interpMid = ./a/${name}/b;
  twice = ./${name}${name};
  homeInterp = ~/${name};
  absInterp = /tmp/${name}/y;
  plus = ./a+b/c-d_e.f;
  division = 6/3;
  noPath = 6 / 3;
  apply = builtins.readFile ./file.txt;
  list = [ ./a ./b/c <x> ];
}
