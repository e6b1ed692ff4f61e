# Strings in every shape Nix lexes.
let
  a = "plain";
  b = "esc \" \\ \n \t \r \$ $$ $x ${a} $\{ not interp }";
  c = "nested ${ "inner ${ "deeper ${a}" }" } end";
  d = "dollar at end $";
  e = "";
  f = "${a}${b}";
  g = ''
    indented ${a}
      more ''${not} '''quoted''' ''\n ''\t ''\\
    $ alone, ' alone, $$ and '$
  '';
  h = ''one line'';
  i = ''   
    trailing spaces on the opening line
  '';
  j = ''${a}'';
  k = "multi
line
string";
  l = ''
    { braces } inside and ${ { x = "}"; }.x } too
  '';
  m = "unicode: héllo wörld ✓ 🚀";
  n = ''''$'';
in [ a b c d e f g h i j k l m n ]
