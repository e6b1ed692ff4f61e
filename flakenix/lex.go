package flakenix

import "fmt"

// Lexer states, mirroring the start conditions of Nix's flex lexer
// (src/libexpr/lexer.l). The stack is needed because "${" nests: a string
// can hold an expression that holds a string, and "}" must know where to
// return to.
const (
	stDefault   uint8 = iota
	stString          // inside "…"
	stInd             // inside ''…''
	stPath            // just after a path piece that did not end in '/'
	stPathSlash       // just after a path piece that ended in '/'
)

type lexer struct {
	// runFrom..runEnd is the last run of PATH_CHARs scanned; every token
	// start inside it ends its run at the same place, which keeps lexing
	// linear on inputs like a.b.c.d… (an identifier, then a dot, …).
	runFrom, runEnd       int
	schemeFrom, schemeEnd int // the same for URI scheme characters
	src                   []byte
	toks                  []token
	stack                 []uint8
	count                 *[tIllegal + 1]int32 // tokens of each kind, to size the parser's slabs
	err                   *lexError
}

type lexError struct {
	off int
	msg string
}

// Character classes, looked up in one table (the lexer's inner loops).
const (
	cPath       = 1 << iota // PATH_CHAR: [a-zA-Z0-9._+-]
	cIdentStart             // [a-zA-Z_]
	cIdent                  // [a-zA-Z0-9_'-]
	cDigit                  // [0-9]
)

var charClass = func() (t [256]uint8) {
	for i := range t {
		c := byte(i)
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '_' || c == '-' || c == '+' {
			t[i] |= cPath
		}
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' {
			t[i] |= cIdentStart | cIdent
		}
		if '0' <= c && c <= '9' || c == '\'' || c == '-' {
			t[i] |= cIdent
		}
		if '0' <= c && c <= '9' {
			t[i] |= cDigit
		}
	}
	return t
}()

func isPathChar(c byte) bool   { return charClass[c]&cPath != 0 }
func isIdentStart(c byte) bool { return charClass[c]&cIdentStart != 0 }
func isIdentChar(c byte) bool  { return charClass[c]&cIdent != 0 }
func isDigit(c byte) bool      { return charClass[c]&cDigit != 0 }

func isURIChar(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	switch c {
	case '%', '/', '?', ':', '@', '&', '=', '+', '$', ',', '-', '_', '.', '!', '~', '*', '\'':
		return true
	}
	return false
}

// lex splits src into tokens covering every byte.
func lex(src []byte) ([]token, *lexError) {
	var count [tIllegal + 1]int32
	return lexCount(src, &count)
}

// lexCount is lex that also counts the tokens of each kind.
//
// The loop itself lexes the commonest tokens of the default state (blanks,
// punctuation, braces, the opening quote and plain identifiers) with the
// token slice in a local variable; stepDefault has the rules for the rest
// of that state, step those of the other states. Each rule lives in one of
// them only.
func lexCount(src []byte, count *[tIllegal + 1]int32) ([]token, *lexError) {
	// Real Nix averages about one token per 3 bytes (trivia included).
	lx := &lexer{src: src, count: count, toks: make([]token, 0, len(src)/3+16)}
	toks := lx.toks
	i := 0
	def := true // in the default state; only step, stepDefault and the braces change it
	for i < len(src) {
		if !def {
			lx.toks = toks
			i = lx.step(i)
			toks = lx.toks
			if lx.err != nil {
				break
			}
			def = len(lx.stack) == 0 || lx.stack[len(lx.stack)-1] == stDefault
			continue
		}
		c := src[i]
		k, j := tEOF, i+1
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r' || src[j] == '\n') {
				j++
			}
			k = tSpace
		case simpleOps[c] != 0:
			k = simpleOps[c]
		case c == '=':
			k = tAssign
			if j < len(src) && src[j] == '=' {
				k, j = tEq, j+1
			}
		case c == '{':
			lx.push(stDefault)
			k = tLBrace
		case c == '}':
			lx.pop()
			k = tRBrace
			def = len(lx.stack) == 0 || lx.stack[len(lx.stack)-1] == stDefault
		case c == '"':
			lx.push(stString)
			k = tStrOpen
			def = false
		case isIdentStart(c):
			// An identifier or keyword, unless a PATH or URI starts here:
			// those go on from the identifier's start through PATH_CHARs
			// to a '/' or ':'. Identifier characters that are not
			// PATH_CHARs (') end that run early, and the same test holds.
			for j < len(src) && isIdentChar(src[j]) {
				j++
			}
			d := lx.at(j)
			if d == '.' || d == '+' {
				d = lx.at(lx.pathCharsEnd(i))
			}
			if d != '/' && d != ':' {
				if k = keyword(src[i:j]); k == 0 {
					k = tIdent
				}
			}
		}
		if k != tEOF {
			toks = append(toks, token{off: int32(i), kind: k})
			count[k]++
			i = j
			continue
		}
		lx.toks = toks
		i = lx.stepDefault(i)
		toks = lx.toks
		if lx.err != nil {
			break
		}
		def = len(lx.stack) == 0 || lx.stack[len(lx.stack)-1] == stDefault
	}
	lx.toks = toks
	if lx.err == nil && len(lx.stack) > 0 {
		switch lx.stack[len(lx.stack)-1] {
		case stPathSlash:
			lx.fail(len(src), "path has a trailing slash")
		case stString:
			lx.fail(len(src), "unterminated string")
		case stInd:
			lx.fail(len(src), "unterminated indented string")
		}
	}
	if lx.err != nil {
		return nil, lx.err
	}
	lx.toks = append(lx.toks, token{kind: tEOF, off: int32(len(src))})
	return lx.toks, nil
}

func (lx *lexer) fail(off int, format string, args ...any) {
	if lx.err == nil {
		lx.err = &lexError{off: off, msg: fmt.Sprintf(format, args...)}
	}
}

func (lx *lexer) push(s uint8) { lx.stack = append(lx.stack, s) }

func (lx *lexer) pop() {
	if len(lx.stack) > 0 {
		lx.stack = lx.stack[:len(lx.stack)-1]
	}
}

func (lx *lexer) state() uint8 {
	if len(lx.stack) == 0 {
		return stDefault
	}
	return lx.stack[len(lx.stack)-1]
}

// emit appends the token src[off:end] and returns end.
func (lx *lexer) emit(k kind, off, end int) int {
	lx.toks = append(lx.toks, token{off: int32(off), kind: k})
	lx.count[k]++
	return end
}

func (lx *lexer) at(i int) byte {
	if i < len(lx.src) {
		return lx.src[i]
	}
	return 0
}

// step lexes a token in a string, an indented string or a path; lexCount's
// loop lexes the default state.
func (lx *lexer) step(i int) int {
	switch lx.state() {
	case stString:
		return lx.stepString(i)
	case stInd:
		return lx.stepInd(i)
	}
	return lx.stepPath(i)
}

// pathCharsEnd is where the run of PATH_CHARs starting at i ends.
func (lx *lexer) pathCharsEnd(i int) int {
	if lx.runFrom <= i && i < lx.runEnd {
		return lx.runEnd
	}
	j := i
	for j < len(lx.src) && isPathChar(lx.src[j]) {
		j++
	}
	if j > i {
		lx.runFrom, lx.runEnd = i, j
	}
	return j
}

// pathLen is the length of the longest PATH match at i:
// PATH_CHAR* ('/' PATH_CHAR+)+ '/'?
func (lx *lexer) pathLen(i int) int {
	j := lx.pathCharsEnd(i)
	return lx.slashSegments(i, j)
}

// hpathLen matches HPATH: '~' ('/' PATH_CHAR+)+ '/'?
func (lx *lexer) hpathLen(i int) int {
	if lx.at(i) != '~' {
		return 0
	}
	j := i + 1
	return lx.slashSegments(i, j)
}

// slashSegments finishes a path that starts at i and whose head ends at j:
// ('/' PATH_CHAR+)+ '/'?. It returns the whole length, or 0 when no
// segment follows the head.
func (lx *lexer) slashSegments(i, j int) int {
	segs := 0
	for lx.at(j) == '/' {
		k := j + 1
		for k < len(lx.src) && isPathChar(lx.src[k]) {
			k++
		}
		if k == j+1 {
			break
		}
		j = k
		segs++
	}
	if segs == 0 {
		return 0
	}
	if lx.at(j) == '/' {
		j++
	}
	return j - i
}

// spathLen matches SPATH: '<' PATH_CHAR+ ('/' PATH_CHAR+)* '>'
func (lx *lexer) spathLen(i int) int {
	if lx.at(i) != '<' {
		return 0
	}
	j := i + 1
	for {
		k := j
		for k < len(lx.src) && isPathChar(lx.src[k]) {
			k++
		}
		if k == j {
			return 0
		}
		j = k
		if lx.at(j) == '>' {
			return j + 1 - i
		}
		if lx.at(j) != '/' {
			return 0
		}
		j++
	}
}

// uriLen matches URI: [a-zA-Z][a-zA-Z0-9+\-.]* ':' URI_CHAR+
func (lx *lexer) uriLen(i int) int {
	c := lx.at(i)
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return 0
	}
	// The scheme is a run of PATH_CHARs other than '_' and must be
	// followed by ':', so only a run that ends in ':' can start a URI.
	if lx.at(lx.pathCharsEnd(i)) != ':' {
		return 0
	}
	j := lx.schemeEnd
	if !(lx.schemeFrom <= i && i < lx.schemeEnd) {
		j = i + 1
		for j < len(lx.src) {
			c := lx.src[j]
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.' {
				j++
				continue
			}
			break
		}
		lx.schemeFrom, lx.schemeEnd = i, j
	}
	if lx.at(j) != ':' {
		return 0
	}
	k := j + 1
	for k < len(lx.src) && isURIChar(lx.src[k]) {
		k++
	}
	if k == j+1 {
		return 0
	}
	return k - i
}

// floatLen matches (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?
func (lx *lexer) floatLen(i int) int {
	j := i
	switch c := lx.at(j); {
	case '1' <= c && c <= '9':
		for isDigit(lx.at(j)) {
			j++
		}
		if lx.at(j) != '.' {
			return 0
		}
		j++
		for isDigit(lx.at(j)) {
			j++
		}
	case c == '0' || c == '.':
		if c == '0' {
			j++
		}
		if lx.at(j) != '.' || !isDigit(lx.at(j+1)) {
			return 0
		}
		j++
		for isDigit(lx.at(j)) {
			j++
		}
	default:
		return 0
	}
	if c := lx.at(j); c == 'e' || c == 'E' {
		k := j + 1
		if c := lx.at(k); c == '+' || c == '-' {
			k++
		}
		if isDigit(lx.at(k)) {
			for isDigit(lx.at(k)) {
				k++
			}
			j = k
		}
	}
	return j - i
}

func twoCharOp(c, d byte) kind {
	switch c {
	case '=':
		if d == '=' {
			return tEq
		}
	case '!':
		if d == '=' {
			return tNEq
		}
	case '<':
		switch d {
		case '=':
			return tLEq
		case '|':
			return tPipeFrom
		}
	case '>':
		if d == '=' {
			return tGEq
		}
	case '&':
		if d == '&' {
			return tAnd
		}
	case '|':
		switch d {
		case '|':
			return tOr
		case '>':
			return tPipeInto
		}
	case '-':
		if d == '>' {
			return tImpl
		}
	case '/':
		if d == '/' {
			return tUpdate
		}
	case '+':
		if d == '+' {
			return tConcat
		}
	}
	return 0
}

// simpleOps are the characters that start no token but themselves.
var simpleOps = [256]kind{
	'(': tLParen, ')': tRParen, '[': tLBrack, ']': tRBrack, ';': tSemi, ':': tColon, ',': tComma,
	'*': tStar, '?': tQuestion, '@': tAt,
}

var oneCharOps = [256]kind{
	'(': tLParen, ')': tRParen, '[': tLBrack, ']': tRBrack, ';': tSemi, ':': tColon, ',': tComma,
	'.': tDot, '=': tAssign, '+': tPlus, '-': tMinus, '*': tStar, '/': tSlash, '<': tLt, '>': tGt,
	'!': tNot, '?': tQuestion, '@': tAt,
}

// stepDefault lexes a token of the default state that lexCount's loop
// leaves to it: comments, interpolations, indented strings, numbers,
// paths, URIs, operators of more than one character, and identifiers that
// may begin a path or URI.
func (lx *lexer) stepDefault(i int) int {
	src := lx.src
	c := src[i]
	switch c {
	case '#':
		j := i + 1
		for j < len(src) && src[j] != '\n' && src[j] != '\r' {
			j++
		}
		return lx.emit(tLineComment, i, j)
	case '$':
		if lx.at(i+1) == '{' {
			lx.push(stDefault)
			return lx.emit(tDollarCurly, i, i+2)
		}
		return lx.emit(tIllegal, i, i+1)
	case '\'':
		if lx.at(i+1) == '\'' {
			// ''(\ *\n)? — the opening may swallow trailing blanks and a newline.
			j := i + 2
			k := j
			for lx.at(k) == ' ' {
				k++
			}
			if lx.at(k) == '\n' {
				j = k + 1
			}
			lx.push(stInd)
			return lx.emit(tIndOpen, i, j)
		}
		return lx.emit(tIllegal, i, i+1)
	}
	switch c {
	case '.':
		// A '.' that starts no '...', float or path is a select.
		if n := lx.at(i + 1); n != '.' && !isDigit(n) && lx.at(lx.pathCharsEnd(i)) != '/' {
			return lx.emit(tDot, i, i+1)
		}
	}
	if isDigit(c) {
		// Digits followed by neither a PATH_CHAR nor '/' can only be an
		// integer (a float needs a '.', a path a '/').
		j := i + 1
		for j < len(src) && isDigit(src[j]) {
			j++
		}
		if d := lx.at(j); !isPathChar(d) && d != '/' {
			return lx.emit(tInt, i, j)
		}
	}
	if c == '/' && lx.at(i+1) == '*' {
		// Like Nix, a path can never start with "/*", so this is a comment.
		for j := i + 2; j+1 < len(src); j++ {
			if src[j] == '*' && src[j+1] == '/' {
				return lx.emit(tBlockComment, i, j+2)
			}
		}
		lx.fail(i, "unterminated comment")
		return len(src)
	}

	// Everything else is decided by flex's rule: the longest match wins,
	// ties go to the rule listed first in lexer.l. Rank encodes that order.
	best, bestKind, bestRank := 0, tIllegal, 99
	try := func(n int, k kind, rank int) {
		if n > best || n == best && n > 0 && rank < bestRank {
			best, bestKind, bestRank = n, k, rank
		}
	}
	if c == '.' && lx.at(i+1) == '.' && lx.at(i+2) == '.' {
		try(3, tEllipsis, 1)
	}
	if i+1 < len(src) {
		if k := twoCharOp(c, src[i+1]); k != 0 {
			try(2, k, 2)
		}
	}
	if isIdentStart(c) {
		// lexCount found that a PATH or URI may start here.
		j := i + 1
		for j < len(src) && isIdentChar(src[j]) {
			j++
		}
		if k := keyword(src[i:j]); k != 0 {
			try(j-i, k, 0)
		} else {
			try(j-i, tIdent, 3)
		}
		try(lx.uriLen(i), tURI, 15)
	}
	if isDigit(c) {
		j := i + 1
		for isDigit(lx.at(j)) {
			j++
		}
		try(j-i, tInt, 4)
	}
	if isDigit(c) || c == '.' {
		try(lx.floatLen(i), tFloat, 5)
	}
	if isPathChar(c) || c == '/' {
		try(lx.pathLen(i), tPath, 12)
		// PATH_SEG '${': a path whose first interpolation follows a slash.
		j := lx.pathCharsEnd(i)
		if lx.at(j) == '/' && lx.at(j+1) == '$' && lx.at(j+2) == '{' {
			try(j+3-i, tPathInterp, 11)
		}
	}
	if c == '~' {
		try(lx.hpathLen(i), tPath, 13)
		if lx.at(i+1) == '/' && lx.at(i+2) == '$' && lx.at(i+3) == '{' {
			try(4, tPathInterp, 11)
		}
	}
	if c == '<' {
		try(lx.spathLen(i), tSearchPath, 14)
	}
	// Single characters are flex's final {ANY} rule, so any other match wins.
	switch {
	case best == 0:
		if k := oneCharOps[c]; k != 0 {
			return lx.emit(k, i, i+1)
		}
		return lx.emit(tIllegal, i, i+1)
	case bestKind == tPathInterp:
		// Re-lex as Nix does: the path piece up to and including the
		// slash, then "${" in path context.
		end := i + best - 2
		lx.push(stPathSlash)
		return lx.emit(tPath, i, end)
	case bestKind == tPath:
		end := i + best
		if src[end-1] == '/' {
			lx.push(stPathSlash)
		} else {
			lx.push(stPath)
		}
		return lx.emit(tPath, i, end)
	}
	return lx.emit(bestKind, i, i+best)
}

func (lx *lexer) stepString(i int) int {
	src := lx.src
	switch {
	case src[i] == '"':
		lx.pop()
		return lx.emit(tStrClose, i, i+1)
	case src[i] == '$' && lx.at(i+1) == '{':
		lx.push(stDefault)
		return lx.emit(tDollarCurly, i, i+2)
	}
	// ([^$"\\]|$[^{"\\]|\\ANY|$\\ANY)+, plus a lone '$' right before the
	// closing quote.
	j := i
	for j < len(src) {
		c := src[j]
		if c == '\\' {
			if j+1 >= len(src) {
				break
			}
			j += 2
			continue
		}
		if c == '"' {
			break
		}
		if c == '$' {
			n := lx.at(j + 1)
			if n == '\\' && j+2 < len(src) {
				j += 3
				continue
			}
			if j+1 < len(src) && n != '{' && n != '"' && n != '\\' {
				j += 2
				continue
			}
			if n == '"' {
				j++
			}
			break
		}
		j++
	}
	if j == i {
		lx.fail(i, "unterminated string")
		return len(src)
	}
	return lx.emit(tStrText, i, j)
}

func (lx *lexer) stepInd(i int) int {
	src := lx.src
	c := src[i]
	if c == '\'' && lx.at(i+1) == '\'' {
		switch lx.at(i + 2) {
		case '$', '\'':
			return lx.emit(tIndText, i, i+3)
		case '\\':
			if i+3 < len(src) {
				return lx.emit(tIndText, i, i+4)
			}
		}
		lx.pop()
		return lx.emit(tIndClose, i, i+2)
	}
	if c == '$' && lx.at(i+1) == '{' {
		lx.push(stDefault)
		return lx.emit(tDollarCurly, i, i+2)
	}
	// ([^$']|$[^{']|'[^'$])+
	j := i
	for j < len(src) {
		c := src[j]
		if c != '$' && c != '\'' {
			j++
			continue
		}
		if j+1 >= len(src) {
			break
		}
		n := src[j+1]
		if c == '$' && n != '{' && n != '\'' || c == '\'' && n != '\'' && n != '$' {
			j += 2
			continue
		}
		break
	}
	if j == i {
		// A lone '$' or '\'' that starts no longer match.
		return lx.emit(tIndText, i, i+1)
	}
	return lx.emit(tIndText, i, j)
}

func (lx *lexer) stepPath(i int) int {
	src := lx.src
	if src[i] == '$' && lx.at(i+1) == '{' {
		lx.pop()
		lx.push(stPath)
		lx.push(stDefault)
		return lx.emit(tPathInterp, i, i+2)
	}
	// {PATH}|{PATH_SEG}|{PATH_CHAR}+, longest.
	n := lx.pathLen(i)
	j := i
	for j < len(src) && isPathChar(src[j]) {
		j++
	}
	if lx.at(j) == '/' {
		j++
	}
	if j-i > n {
		n = j - i
	}
	if n > 0 {
		lx.pop()
		if src[i+n-1] == '/' {
			lx.push(stPathSlash)
		} else {
			lx.push(stPath)
		}
		return lx.emit(tPathCont, i, i+n)
	}
	if lx.state() == stPathSlash {
		lx.fail(i, "path has a trailing slash")
		return len(src)
	}
	// The path ended: re-lex this byte in the enclosing state.
	lx.pop()
	return i
}
