package flakenix

// Two small matchers for names, written out rather than as regular
// expressions: compiling those when the program starts cost every command
// a few kilobytes, and the loops say the same (names_test.go checks that
// they agree with the expressions).

// isInputName: what Nix accepts as an input name in a follows path,
// [a-zA-Z][a-zA-Z0-9_-]*.
func isInputName(s string) bool {
	if s == "" || s[0] == '_' || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; c == '\'' || !isIdentChar(c) {
			return false
		}
	}
	return true
}

// isIdent: the shape of a Nix identifier, [a-zA-Z_][a-zA-Z0-9_'-]*
// (keywords included).
func isIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	return true
}
