# URI literals (deprecated but still accepted) and things that look like them.
{
  a = https://example.org/a?b=c&d=e;
  b = github:NixOS/nixpkgs;
  c = mailto:someone@example.org;
  d = x: x;
  e = [ http://x.y/z ftp://host/path ];
  f = git+ssh://git@example.org/repo.git;
}
