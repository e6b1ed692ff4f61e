{
  a = 1; # crlf
  b = "x
y";
}
