# Ünïcödé in comments and strings: ✓ 日本語 🚀
{
  description = "Flake für Ärger — ✓";
  "naïve" = "ça va";
  s = ''
    emoji 🚀 in an indented string
  '';
}
