/* A block comment at the start
   spanning lines. */
# A line comment.
{ /* inline */ a /* between */ = /* before value */ 1 /* after value */; # trailing
  /**
   * A doc comment.
   */
  b = x: /* in a lambda */ x;
  c = "not # a comment";
  d = "not /* a comment */ either";
  e = ''# nor /* this */'';
  # comment before closing brace
} # after the end
# last line
