# Attribute names and merging that Nix accepts.
let
  name = "dyn";
in {
  plain = 1;
  "quoted name" = 2;
  "my.flake" = 3;
  ${name} = 4;
  "${name}-interp" = 5;
  ${"static"} = 6;
  a.b.c = 7;
  a.b.d = 8;
  a.e = 9;
  m = { x = 1; };
  m.y = 2;
  n.z = 3;
  n = { w = 4; };
  or = 10;
  x-y'z = 11;
  _underscore = 12;
  __curPos = __curPos;
  empty = { };
  emptyRec = rec { };
  list = [ ];
}
