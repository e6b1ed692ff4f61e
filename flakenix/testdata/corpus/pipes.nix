# Pipe operators (Nix >= 2.24, experimental feature pipe-operators).
let
  inc = x: x + 1;
in {
  into = 1 |> inc |> inc;
  from = inc <| inc <| 1;
  mixedViaParens = (1 |> inc) + (inc <| 2);
  withOps = 1 + 2 |> inc;
}
