# let, with, rec, assert, inherit, if, or, legacy let.
let
  x = 1;
  y = { a = 2; b = 3; or = 4; };
  inherit (y) a b;
  inherit (y) "or";
in
assert x == 1;
with y;
rec {
  inherit a b;
  inherit (y) or;
  c = if a > b then a else b;
  d = let { body = 5; e = 6; };
  e = rec { f = g; g = 7; };
  h = builtins.map or [ ];
  i = y.or;
  j = { or = 1; }.or;
  k = let in 8;
  l = with y; a;
  m = if true then if false then 1 else 2 else 3;
  assertion = assert true; 9;
}
