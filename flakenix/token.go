package flakenix

// kind classifies a token. Trivia (whitespace and comments) are tokens too:
// that is what lets the tree print back every byte of its input.
type kind uint8

const (
	tEOF kind = iota
	tSpace
	tLineComment
	tBlockComment

	tIdent
	tInt
	tFloat
	tURI
	tSearchPath // <nixpkgs>
	tPath       // first piece of a path literal, also ~/…
	tPathCont   // a piece of a path after an interpolation: ./a${b}[.nix]
	tPathInterp // ${ inside a path
	tDollarCurly
	tStrOpen
	tStrText
	tStrClose
	tIndOpen
	tIndText
	tIndClose

	tIf
	tThen
	tElse
	tAssert
	tWith
	tLet
	tIn
	tRec
	tInherit
	tOrKw
	tEllipsis

	tEq
	tNEq
	tLEq
	tGEq
	tAnd
	tOr
	tImpl
	tUpdate
	tConcat
	tPipeFrom // <|
	tPipeInto // |>

	tLParen
	tRParen
	tLBrace
	tRBrace
	tLBrack
	tRBrack
	tSemi
	tColon
	tComma
	tDot
	tAssign
	tPlus
	tMinus
	tStar
	tSlash
	tLt
	tGt
	tNot
	tQuestion
	tAt

	tIllegal // a byte Nix has no token for; the parser reports it
)

var kindText = [...]string{
	tEOF: "end of file", tSpace: "whitespace", tLineComment: "comment", tBlockComment: "comment",
	tIdent: "identifier", tInt: "integer", tFloat: "float", tURI: "URI", tSearchPath: "search path",
	tPath: "path", tPathCont: "path", tPathInterp: "'${'", tDollarCurly: "'${'",
	tStrOpen: `'"'`, tStrText: "string", tStrClose: `'"'`, tIndOpen: "\"''\"", tIndText: "string", tIndClose: "\"''\"",
	tIf: "'if'", tThen: "'then'", tElse: "'else'", tAssert: "'assert'", tWith: "'with'", tLet: "'let'",
	tIn: "'in'", tRec: "'rec'", tInherit: "'inherit'", tOrKw: "'or'", tEllipsis: "'...'",
	tEq: "'=='", tNEq: "'!='", tLEq: "'<='", tGEq: "'>='", tAnd: "'&&'", tOr: "'||'", tImpl: "'->'",
	tUpdate: "'//'", tConcat: "'++'", tPipeFrom: "'<|'", tPipeInto: "'|>'",
	tLParen: "'('", tRParen: "')'", tLBrace: "'{'", tRBrace: "'}'", tLBrack: "'['", tRBrack: "']'",
	tSemi: "';'", tColon: "':'", tComma: "','", tDot: "'.'", tAssign: "'='", tPlus: "'+'", tMinus: "'-'",
	tStar: "'*'", tSlash: "'/'", tLt: "'<'", tGt: "'>'", tNot: "'!'", tQuestion: "'?'", tAt: "'@'",
	tIllegal: "illegal character",
}

func (k kind) String() string { return kindText[k] }

func (k kind) trivia() bool { return tSpace <= k && k <= tBlockComment }

// keyword returns the keyword kind of an identifier, or 0.
func keyword(b []byte) kind {
	if len(b) < 2 || len(b) > 7 {
		return 0
	}
	switch string(b) {
	case "if":
		return tIf
	case "then":
		return tThen
	case "else":
		return tElse
	case "assert":
		return tAssert
	case "with":
		return tWith
	case "let":
		return tLet
	case "in":
		return tIn
	case "rec":
		return tRec
	case "inherit":
		return tInherit
	case "or":
		return tOrKw
	}
	return 0
}

// token is one lexeme. Tokens cover the source without gaps, so a token
// ends where the next one starts: its text is src[toks[i].off:toks[i+1].off]
// (the last token is always the empty tEOF). Lines and columns are not kept
// per token; a source's line table gives them for any offset.
type token struct {
	off  int32
	kind kind
}
