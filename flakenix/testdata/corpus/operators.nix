# Every operator, with precedence and associativity corners.
let
  f = x: y: x + y;
  s = { a.b = 1; };
in [
  (1 + 2 * 3 - 4 / 2)
  (-1 - -2)
  (- f 1 2)
  (!true || false && true)
  (!(1 == 2) != false)
  (1 < 2) (2 > 1) (1 <= 1) (2 >= 2)
  (true -> false -> true)
  ({ a = 1; } // { b = 2; } // { c = 3; })
  ([ 1 ] ++ [ 2 ] ++ [ 3 ])
  (s ? a) (s ? a.b) (s ? "a") (s ? ${"a"})
  (s.a.b or 0) (s.x or s.a.b) (s."a".b) (s.${"a"}.b)
  (f 1 2 == 3)
  (-s.a.b)
  ("a" + "b")
  (!s ? a)
  (1.5 * .5 + 2. + 0.25e3 + 1.0E-2)
  (1/2)
  (x: x) (x: y: x)
  (x : x)
]
