# Lambdas with every kind of formals.
{
  a = x: x;
  b = { x, y ? 2, ... }: x + y;
  c = { x, y }@args: args;
  d = args@{ x, ... }: x;
  e = { }: 1;
  f = { ... }: 2;
  g = {}: 3;
  h = { x ? { y = 1; }, z ? [ 1 2 ] }: x;
  i = { x, }: x;
  j = {
    x,
    # comment inside formals
    y ? x, /* block */
    ...
  } @ all: all;
  k = x: y: z: x;
  l = a@{ ... }: a;
}
