package flakenix

import (
	"fmt"

	"github.com/flake-unify/flake-unify/diag"
)

// maxDepth bounds nesting like Bison's default stack does for Nix itself,
// so hostile input cannot exhaust the goroutine stack.
const maxDepth = 10000

type parser struct {
	src   []byte
	str   string // src as one string: names and texts are substrings of it
	toks  []token
	sf    *source
	i     int  // current significant token
	cur   kind // its kind
	last  int  // last consumed significant token
	depth int
	arena
}

// syntaxError aborts parsing; parseRoot recovers it.
type syntaxError struct {
	off  int
	what string
	why  string
}

func (p *parser) fail(tok int, what, why string) {
	panic(&syntaxError{off: int(p.toks[tok].off), what: what, why: why})
}

func (p *parser) unexpected(expected string) {
	t := p.toks[p.i]
	got := t.kind.String()
	switch t.kind {
	case tIdent, tInt, tFloat, tURI, tSearchPath, tPath, tIllegal:
		got = fmt.Sprintf("%s %q", got, p.text(p.i))
	}
	why := "unexpected " + got
	if expected != "" {
		why += ", expected " + expected
	}
	p.fail(p.i, "syntax error", why)
}

func (p *parser) k() kind { return p.cur }

func (p *parser) skip() {
	for p.toks[p.i].kind.trivia() {
		p.i++
	}
	p.cur = p.toks[p.i].kind
}

func (p *parser) advance() {
	p.last = p.i
	if p.cur != tEOF {
		p.i++
	}
	p.skip()
}

// peek is the kind of the n-th significant token after the current one.
func (p *parser) peek(n int) kind {
	j := p.i
	for ; n > 0; n-- {
		if p.toks[j].kind == tEOF {
			return tEOF
		}
		j++
		for p.toks[j].kind.trivia() {
			j++
		}
	}
	return p.toks[j].kind
}

func (p *parser) expect(k kind) {
	if p.cur != k {
		p.expected(k)
	}
	p.advance()
}

// expected reports a missing k; out of line, so that expect inlines.
func (p *parser) expected(k kind) { p.unexpected(k.String()) }

func (p *parser) tokPos(i int) diag.Pos { return p.sf.pos(p.toks[i].off) }

// close sets s to cover the tokens from t0 through the last consumed one.
func (p *parser) close(s *span, t0 int) {
	s.sf, s.t0, s.t1 = p.sf, int32(t0), int32(p.last+1)
}

// text is the source text of token i (not tEOF).
func (p *parser) text(i int) string { return p.str[p.toks[i].off:p.toks[i+1].off] }

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.tooDeep()
	}
}

// tooDeep is out of line, so that enter and its callers inline.
func (p *parser) tooDeep() { p.fail(p.i, "syntax error", "expression nested too deeply") }

func parseRoot(src []byte) (*Root, *syntaxError) {
	root, _, err := parseTokens(src)
	return root, err
}

func parseTokens(src []byte) (root *Root, toks []token, err *syntaxError) {
	var count [tIllegal + 1]int32
	toks, lerr := lexCount(src, &count)
	if lerr != nil {
		return nil, nil, &syntaxError{off: lerr.off, what: "syntax error", why: lerr.msg}
	}
	p := &parser{src: src, str: string(src), toks: toks, sf: newSource(src, toks)}
	p.arena.size(&count, len(toks))
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*syntaxError)
			if !ok {
				panic(r)
			}
			root, toks, err = nil, nil, se
		}
	}()
	p.skip()
	if p.k() == tEOF {
		p.unexpected("an expression")
	}
	x := p.parseExpr()
	if p.k() != tEOF {
		p.unexpected("end of file")
	}
	r := &Root{X: x}
	r.sf, r.t0, r.t1 = p.sf, 0, int32(len(toks)-1)
	return r, toks, nil
}

func (p *parser) parseExpr() Node { return p.parseFunction() }

func (p *parser) parseFunction() Node {
	p.enter()
	n := p.parseFunction1()
	p.depth--
	return n
}

func (p *parser) parseFunction1() Node {
	t0 := p.i
	switch p.k() {
	case tIdent:
		switch p.peek(1) {
		case tColon:
			param := p.parseIdent()
			p.advance()
			return p.finishLambda(t0, param, nil)
		case tAt:
			param := p.parseIdent()
			p.advance()
			if p.k() != tLBrace {
				p.unexpected("'{'")
			}
			f := p.parseFormals()
			p.expect(tColon)
			return p.finishLambda(t0, param, f)
		}
	case tLBrace:
		if p.looksLikeFormals() {
			f := p.parseFormals()
			var param *Ident
			if p.k() == tAt {
				p.advance()
				if p.k() != tIdent {
					p.unexpected("identifier")
				}
				param = p.parseIdent()
			}
			p.expect(tColon)
			return p.finishLambda(t0, param, f)
		}
	case tAssert:
		p.advance()
		cond := p.parseExpr()
		p.expect(tSemi)
		body := p.parseFunction()
		n := p.asserts.alloc()
		n.Cond, n.Body = cond, body
		p.close(&n.span, t0)
		return n
	case tWith:
		p.advance()
		env := p.parseExpr()
		p.expect(tSemi)
		body := p.parseFunction()
		n := p.withs.alloc()
		n.Env, n.Body = env, body
		p.close(&n.span, t0)
		return n
	case tLet:
		if p.peek(1) == tLBrace {
			break // the legacy let { … }, an expr_simple
		}
		p.advance()
		binds := p.parseBinds(tIn)
		p.expect(tIn)
		body := p.parseFunction()
		n := p.lets.alloc()
		n.Binds, n.Body = binds, body
		p.close(&n.span, t0)
		for _, b := range binds {
			if b, ok := b.(*Binding); ok {
				for _, a := range b.Path.Attrs {
					if _, ok := staticName(a); !ok {
						p.fail(int(a.base().t0), "syntax error", "dynamic attributes not allowed in let")
					}
				}
			}
		}
		n.attrs = p.checkBinds(binds)
		return n
	}
	return p.parseIf()
}

func (p *parser) finishLambda(t0 int, param *Ident, f *Formals) Node {
	if f != nil {
		seen := make(map[string]bool, len(f.List))
		for _, fm := range f.List {
			if seen[fm.Name.Name] {
				p.fail(int(fm.t0), "syntax error", fmt.Sprintf("duplicate formal function argument '%s'", fm.Name.Name))
			}
			seen[fm.Name.Name] = true
		}
		if param != nil && seen[param.Name] {
			p.fail(int(param.t0), "syntax error", fmt.Sprintf("duplicate formal function argument '%s'", param.Name))
		}
	}
	body := p.parseFunction()
	n := p.lambdas.alloc()
	n.Param, n.Formals, n.Body = param, f, body
	p.close(&n.span, t0)
	return n
}

// looksLikeFormals decides, at '{', between a function's formals and an
// attribute set, the way Nix's GLR parser ends up deciding.
func (p *parser) looksLikeFormals() bool {
	switch p.peek(1) {
	case tRBrace:
		k := p.peek(2)
		return k == tColon || k == tAt
	case tEllipsis:
		return true
	case tIdent:
		switch p.peek(2) {
		case tComma, tQuestion:
			return true
		case tRBrace:
			k := p.peek(3)
			return k == tColon || k == tAt
		}
	}
	return false
}

func (p *parser) parseFormals() *Formals {
	t0 := p.i
	p.expect(tLBrace)
	f := p.formals.alloc()
	mark := len(p.fstack)
	for {
		if p.k() == tRBrace {
			break
		}
		if p.k() == tEllipsis {
			p.advance()
			f.Ellipsis = true
			break
		}
		if p.k() != tIdent {
			p.unexpected("identifier, '...' or '}'")
		}
		ft0 := p.i
		fm := p.formal.alloc()
		fm.Name = p.parseIdent()
		if p.k() == tQuestion {
			p.advance()
			fm.Default = p.parseExpr()
		}
		p.close(&fm.span, ft0)
		p.fstack = append(p.fstack, fm)
		if p.k() != tComma {
			break
		}
		p.advance()
	}
	if n := len(p.fstack) - mark; n > 0 {
		f.List = make([]*Formal, n)
		copy(f.List, p.fstack[mark:])
		p.fstack = p.fstack[:mark]
	}
	p.expect(tRBrace)
	p.close(&f.span, t0)
	return f
}

func (p *parser) parseIdent() *Ident {
	t0 := p.i
	n := p.idents.alloc()
	n.Name = p.text(p.i)
	p.advance()
	p.close(&n.span, t0)
	return n
}

func (p *parser) parseIf() Node {
	if p.k() != tIf {
		return p.parsePipe()
	}
	return p.parseIfThen()
}

func (p *parser) parseIfThen() Node {
	t0 := p.i
	p.advance()
	c := p.parseExpr()
	p.expect(tThen)
	th := p.parseExpr()
	p.expect(tElse)
	el := p.parseExpr()
	n := p.ifs.alloc()
	n.Cond, n.Then, n.Else = c, th, el
	p.close(&n.span, t0)
	return n
}

// parsePipe handles |> (left-associative) and <| (right-associative); Nix's
// grammar does not let the two mix without parentheses.
func (p *parser) parsePipe() Node {
	t0 := p.i
	x := p.parseOp(0)
	if k := p.k(); k != tPipeInto && k != tPipeFrom {
		return x
	}
	return p.parsePipes(t0, x)
}

func (p *parser) parsePipes(t0 int, x Node) Node {
	switch p.k() {
	case tPipeInto:
		for p.k() == tPipeInto {
			p.advance()
			y := p.parseOp(0)
			n := p.binaries.alloc()
			n.Op, n.X, n.Y = "|>", x, y
			p.close(&n.span, t0)
			x = n
		}
		if p.k() == tPipeFrom {
			p.unexpected("")
		}
	case tPipeFrom:
		ops := []Node{x}
		for p.k() == tPipeFrom {
			p.advance()
			ops = append(ops, p.parseOp(0))
		}
		if p.k() == tPipeInto {
			p.unexpected("")
		}
		end := p.last
		y := ops[len(ops)-1]
		for i := len(ops) - 2; i >= 0; i-- {
			n := p.binaries.alloc()
			n.Op, n.X, n.Y = "<|", ops[i], y
			s := int(ops[i].base().t0)
			p.last = end
			p.close(&n.span, s)
			y = n
		}
		x = y
	}
	return x
}

const (
	precImpl = 1 + iota
	precOr
	precAnd
	precEq
	precCmp
	precUpdate
	precNot
	precAdd
	precMul
	precConcat
	precHas
	precNeg
)

type assoc uint8

const (
	left assoc = iota
	right
	nonassoc
)

func binop(k kind) (op string, prec int, a assoc) {
	switch k {
	case tImpl:
		return "->", precImpl, right
	case tOr:
		return "||", precOr, left
	case tAnd:
		return "&&", precAnd, left
	case tEq:
		return "==", precEq, nonassoc
	case tNEq:
		return "!=", precEq, nonassoc
	case tLt:
		return "<", precCmp, nonassoc
	case tGt:
		return ">", precCmp, nonassoc
	case tLEq:
		return "<=", precCmp, nonassoc
	case tGEq:
		return ">=", precCmp, nonassoc
	case tUpdate:
		return "//", precUpdate, right
	case tPlus:
		return "+", precAdd, left
	case tMinus:
		return "-", precAdd, left
	case tStar:
		return "*", precMul, left
	case tSlash:
		return "/", precMul, left
	case tConcat:
		return "++", precConcat, right
	case tQuestion:
		// Declared %nonassoc in parser.y, but its right side is an attribute
		// path, so Bison never meets a conflict there: a ? b ? c chains.
		return "?", precHas, left
	}
	return "", 0, left
}

// parseOp is precedence climbing over Nix's operator table (parser.y).
func (p *parser) parseOp(minPrec int) Node {
	p.enter()
	n := p.parseOp1(minPrec)
	p.depth--
	return n
}

func (p *parser) parseOp1(minPrec int) Node {
	t0 := p.i
	var x Node
	switch p.k() {
	case tNot:
		p.advance()
		y := p.parseOp(precNot + 1)
		n := p.unaries.alloc()
		n.Op, n.X = "!", y
		p.close(&n.span, t0)
		x = n
	case tMinus:
		p.advance()
		y := p.parseOp(precNeg + 1)
		n := p.unaries.alloc()
		n.Op, n.X = "-", y
		p.close(&n.span, t0)
		x = n
	default:
		x = p.parseApp()
	}
	for {
		op, prec, a := binop(p.k())
		if prec == 0 || prec < minPrec {
			return x
		}
		p.advance()
		if op == "?" {
			path := p.parseAttrPath()
			n := p.hasAttrs.alloc()
			n.X, n.Path = x, path
			p.close(&n.span, t0)
			x = n
		} else {
			next := prec + 1
			if a == right {
				next = prec
			}
			y := p.parseOp(next)
			n := p.binaries.alloc()
			n.Op, n.X, n.Y = op, x, y
			p.close(&n.span, t0)
			x = n
		}
		if a == nonassoc {
			if _, p2, _ := binop(p.k()); p2 == prec {
				p.unexpected("")
			}
		}
	}
}

// simpleStarts are the kinds that start an expr_simple (let only as the
// legacy let { … }).
var simpleStarts = [tIllegal + 1]bool{
	tIdent: true, tInt: true, tFloat: true, tStrOpen: true, tIndOpen: true, tPath: true, tSearchPath: true,
	tURI: true, tLParen: true, tLBrace: true, tLBrack: true, tRec: true,
}

func (p *parser) startsSimple() bool {
	if simpleStarts[p.cur] {
		return true
	}
	return p.cur == tLet && p.peek(1) == tLBrace
}

func (p *parser) parseApp() Node {
	t0 := p.i
	fn := p.parseSelect()
	for p.startsSimple() {
		arg := p.parseSelect()
		n := p.applies.alloc()
		n.Fn, n.Arg = fn, arg
		p.close(&n.span, t0)
		fn = n
	}
	return fn
}

func (p *parser) parseSelect() Node {
	p.enter()
	n := p.parseSelect1()
	p.depth--
	return n
}

func (p *parser) parseSelect1() Node {
	t0 := p.i
	x := p.parseSimple()
	switch p.k() {
	case tDot:
		p.advance()
		path := p.parseAttrPath()
		n := p.selects.alloc()
		n.X, n.Path = x, path
		if p.k() == tOrKw {
			p.advance()
			n.Default = p.parseSelect()
		}
		p.close(&n.span, t0)
		return n
	case tOrKw:
		// "f or": Nix applies f to the variable named or.
		arg := p.parseIdent()
		n := p.applies.alloc()
		n.Fn, n.Arg = x, arg
		p.close(&n.span, t0)
		return n
	}
	return x
}

func (p *parser) parseSimple() Node {
	t0 := p.i
	switch p.k() {
	case tIdent:
		return p.parseIdent()
	case tInt, tFloat, tURI, tSearchPath:
		lk := IntLit
		switch p.k() {
		case tFloat:
			lk = FloatLit
		case tURI:
			lk = URILit
		case tSearchPath:
			lk = SearchPathLit
		}
		n := p.literals.alloc()
		n.Kind, n.Raw = lk, p.text(p.i)
		p.advance()
		p.close(&n.span, t0)
		return n
	case tStrOpen, tIndOpen:
		return p.parseString()
	case tPath:
		return p.parsePath()
	case tLParen:
		p.advance()
		x := p.parseExpr()
		p.expect(tRParen)
		n := p.parens.alloc()
		n.X = x
		p.close(&n.span, t0)
		return n
	case tLet, tRec, tLBrace:
		n := p.sets.alloc()
		n.Rec, n.LegacyLet = p.k() == tRec, p.k() == tLet
		if p.k() != tLBrace {
			p.advance()
		}
		n.Lbrace = p.tokPos(p.i)
		p.expect(tLBrace)
		n.Binds = p.parseBinds(tRBrace)
		n.Rbrace = p.tokPos(p.i)
		p.expect(tRBrace)
		p.close(&n.span, t0)
		n.attrs = p.checkBinds(n.Binds)
		return n
	case tLBrack:
		p.advance()
		n := p.lists.alloc()
		mark := len(p.stack)
		for p.k() != tRBrack {
			if !p.startsSimple() {
				p.unexpected("']'")
			}
			e := p.parseSelect()
			p.stack = append(p.stack, e)
		}
		n.Elems = p.list(mark)
		p.advance()
		p.close(&n.span, t0)
		return n
	}
	p.unexpected("an expression")
	return nil
}

func (p *parser) parseString() *String {
	t0 := p.i
	n := p.strs.alloc()
	n.Indented = p.k() == tIndOpen
	mark := len(p.stack)
	closeKind := tStrClose
	if n.Indented {
		closeKind = tIndClose
	}
	p.advance()
	for {
		switch p.k() {
		case tStrText, tIndText:
			p.stack = append(p.stack, p.textPart())
			continue
		case tDollarCurly:
			x := p.parseInterp()
			p.stack = append(p.stack, x)
			continue
		case closeKind:
			p.advance()
			p.close(&n.span, t0)
			n.Parts = p.list(mark)
			return n
		}
		p.unexpected(closeKind.String())
	}
}

// textPart is the literal text token at p.i as a part of a string or path.
func (p *parser) textPart() *Text {
	tt := p.texts.alloc()
	tt.Raw = p.text(p.i)
	s := p.i
	p.advance()
	p.close(&tt.span, s)
	return tt
}

func (p *parser) parseInterp() *Interp {
	t0 := p.i
	p.advance()
	x := p.parseExpr()
	p.expect(tRBrace)
	n := p.interps.alloc()
	n.X = x
	p.close(&n.span, t0)
	return n
}

func (p *parser) parsePath() *Path {
	t0 := p.i
	n := p.pathLits.alloc()
	mark := len(p.stack)
	for {
		switch p.k() {
		case tPath, tPathCont:
			if p.k() == tPath && len(p.stack) > mark {
				break
			}
			p.stack = append(p.stack, p.textPart())
			continue
		case tPathInterp:
			x := p.parseInterp()
			p.stack = append(p.stack, x)
			continue
		}
		n.Parts = p.list(mark)
		p.close(&n.span, t0)
		return n
	}
}

func (p *parser) parseAttrPath() *AttrPath {
	t0 := p.i
	n := p.paths.alloc()
	mark := len(p.stack)
	for {
		a := p.parseAttr()
		p.stack = append(p.stack, a)
		if p.k() != tDot {
			break
		}
		p.advance()
	}
	n.Attrs = p.list(mark)
	p.close(&n.span, t0)
	return n
}

func (p *parser) parseAttr() Node {
	switch p.k() {
	case tIdent, tOrKw:
		return p.parseIdent()
	case tStrOpen:
		return p.parseString()
	case tDollarCurly:
		return p.parseInterp()
	}
	p.unexpected("attribute name")
	return nil
}

func (p *parser) parseBinds(end kind) []Node {
	mark := len(p.stack)
	for p.k() != end {
		t0 := p.i
		if p.k() == tInherit {
			p.advance()
			n := p.inherits.alloc()
			mark := len(p.stack)
			if p.k() == tLParen {
				p.advance()
				n.From = p.parseExpr()
				p.expect(tRParen)
			}
			for p.k() != tSemi {
				if p.k() != tIdent && p.k() != tOrKw && p.k() != tStrOpen && p.k() != tDollarCurly {
					p.unexpected("';'")
				}
				a := p.parseAttr()
				if _, ok := staticName(a); !ok {
					p.fail(int(a.base().t0), "syntax error", "dynamic attributes not allowed in inherit")
				}
				p.stack = append(p.stack, a)
			}
			n.Names = p.list(mark)
			p.advance()
			p.close(&n.span, t0)
			p.stack = append(p.stack, n)
			continue
		}
		switch p.k() {
		case tIdent, tOrKw, tStrOpen, tDollarCurly:
		default:
			p.unexpected(end.String())
		}
		path := p.parseAttrPath()
		p.expect(tAssign)
		v := p.parseExpr()
		p.expect(tSemi)
		n := p.binds.alloc()
		n.Path, n.Value = path, v
		p.close(&n.span, t0)
		p.stack = append(p.stack, n)
	}
	return p.list(mark)
}
