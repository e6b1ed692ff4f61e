package flakenix

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
)

// corpusFiles are every .nix file under testdata that must parse.
func corpusFiles(t testing.TB) []string {
	var files []string
	for _, dir := range []string{"corpus", "flakes"} {
		m, err := filepath.Glob(filepath.Join("testdata", dir, "*.nix"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("corpus has only %d files", len(files))
	}
	return files
}

// checkTree verifies the invariants that make edits safe: tokens cover
// every byte in order, each node's children lie inside it in source order,
// node positions agree with the bytes, and printing gives the input back.
func checkTree(t testing.TB, src []byte, root *Root) {
	t.Helper()
	toks, lerr := lex(src)
	if lerr != nil {
		t.Fatalf("lex: %v", lerr.msg)
	}
	// Positions of every offset in one pass: diag.PosOf per token would
	// make this check quadratic on the fuzzer's large inputs.
	pos := make([]diag.Pos, len(src)+1)
	line, col := 1, 1
	for i := range pos {
		pos[i] = diag.Pos{Line: line, Col: col, Offset: i}
		if i < len(src) && src[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	posOf := func(off int) diag.Pos { return pos[off] }
	// Tokens start where the previous one ends (so they cover every byte),
	// tEOF is last, at the end.
	if len(toks) == 0 || toks[0].off != 0 {
		t.Fatalf("tokens do not start at 0")
	}
	for i, tk := range toks[1:] {
		if prev := toks[i]; tk.off < prev.off || prev.kind == tEOF {
			t.Fatalf("token %d (%v) at %d after token %d (%v) at %d", i+1, tk.kind, tk.off, i, prev.kind, prev.off)
		}
	}
	if last := toks[len(toks)-1]; last.kind != tEOF || int(last.off) != len(src) {
		t.Fatalf("last token %v at %d of %d bytes", last.kind, last.off, len(src))
	}
	var walk func(n Node)
	walk = func(n Node) {
		s := n.base()
		if n.Pos() != posOf(n.Pos().Offset) || n.End() != posOf(n.End().Offset) {
			t.Fatalf("%T: positions %v..%v disagree with offsets", n, n.Pos(), n.End())
		}
		if n.Pos().Offset != int(toks[s.t0].off) || n.End().Offset != int(toks[s.t1].off) {
			t.Fatalf("%T: span %d..%d is not its tokens' %d..%d", n, n.Pos().Offset, n.End().Offset, toks[s.t0].off, toks[s.t1].off)
		}
		prev := s.t0
		for _, c := range children(n) {
			cs := c.base()
			if cs.t0 < prev || cs.t1 > s.t1 || cs.t0 >= cs.t1 {
				t.Fatalf("%T child %T tokens [%d,%d) outside/overlapping parent [%d,%d) after %d", n, c, cs.t0, cs.t1, s.t0, s.t1, prev)
			}
			prev = cs.t1
			walk(c)
		}
	}
	walk(root)
	f := &File{src: src, toks: toks, root: root}
	if got := f.Print(root); !bytes.Equal(got, src) {
		t.Fatalf("print differs:\n got %q\nwant %q", got, src)
	}
}

func TestRoundTripCorpus(t *testing.T) {
	for _, name := range corpusFiles(t) {
		t.Run(filepath.Base(filepath.Dir(name))+"/"+filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			root, serr := parseRoot(src)
			if serr != nil {
				t.Fatalf("%s: %s: %s", diag.PosOf(src, serr.off), serr.what, serr.why)
			}
			checkTree(t, src, root)
			if strings.Contains(name, "flakes") {
				f, err := Parse("flake.nix", src)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(f.Print(f.Root()), src) {
					t.Fatal("File.Print differs")
				}
			}
		})
	}
}

// TestSyntax pins what parses and what does not; the Nix test runs the same
// table through nix-instantiate --parse.
func TestSyntax(t *testing.T) {
	for _, tc := range syntaxCases {
		root, err := parseRoot([]byte(tc.src))
		if tc.ok != (err == nil) {
			why := "<nil>"
			if err != nil {
				why = err.why
			}
			t.Errorf("%q: parses = %v (%s), want %v", tc.src, err == nil, why, tc.ok)
			continue
		}
		if err == nil {
			checkTree(t, []byte(tc.src), root)
		} else if tc.why != "" && !strings.Contains(err.why, tc.why) {
			t.Errorf("%q: error %q, want it to mention %q", tc.src, err.why, tc.why)
		}
	}
}

type syntaxCase struct {
	src string
	ok  bool
	why string // part of the expected message
	new bool   // needs a newer Nix than 2.8 (pipes)
	// newNixOK: rejected by Nix 2.8 and by us, accepted by newer Nix
	// (checked with 2.34, which accepts a = { b.c = …; } after a.b.d = …;
	// where 2.8 calls a.b defined twice). flakenix keeps 2.8's
	// rule on purpose: a flake.nix must parse under both, and edits are
	// checked with the stricter rule.
	newNixOK bool
}

var syntaxCases = []syntaxCase{
	{src: `1`, ok: true},
	{src: `x: x`, ok: true},
	{src: `x:x`, ok: true}, // a URI, not a lambda
	{src: `{ a = 1; }`, ok: true},
	{src: `{ a = 1 }`, why: "unexpected '}', expected ';'"},
	{src: `{ a = 1; a = 2; }`, why: "attribute 'a' already defined at 1:3"},
	{src: `{ a.b = 1; a.b = 2; }`, why: "attribute 'a.b' already defined"},
	{src: `{ a = { b = 1; }; a.c = 2; }`, ok: true},
	{src: `{ a.c = 2; a = { b = 1; }; }`, ok: true},
	{src: `{ a = { b.c = 1; }; a.b.d = 2; }`, ok: true},
	{src: `{ a.b.d = 2; a = { b.c = 1; }; }`, why: "attribute 'a.b' already defined", newNixOK: true},
	{src: `{ a = rec { b = 1; }; a.c = 2; }`, ok: true},
	{src: `{ a = let x = 1; in { b = x; }; a.c = 2; }`, why: "already defined"},
	{src: `{ a = 1; a.b = 2; }`, why: "already defined"},
	{src: `{ inherit a; a = 1; }`, why: "already defined"},
	{src: `{ inherit a a; }`, why: "already defined"},
	{src: `{ "a" = 1; a = 2; }`, why: "already defined"},
	{src: `{ ${"a"} = 1; a = 2; }`, why: "already defined"},
	{src: `{ ${a} = 1; ${a} = 2; }`, ok: true},
	{src: `{ "${a}" = 1; }`, ok: true},
	{src: `let ${a} = 1; in 1`, why: "dynamic attributes not allowed in let"},
	{src: `{ inherit ${a}; }`, why: "dynamic attributes not allowed in inherit"},
	{src: `{ a, a }: 1`, why: "duplicate formal function argument 'a'"},
	{src: `a@{ a }: 1`, why: "duplicate formal function argument 'a'"},
	{src: `{ a, ... }: 1`, ok: true},
	{src: `{ ..., a }: 1`},
	{src: `{ a, }: 1`, ok: true},
	{src: `{ }: 1`, ok: true},
	{src: `{ } @ x: 1`, ok: true},
	{src: `x @ { }: 1`, ok: true},
	{src: `{ a ? 1 }: a`, ok: true},
	{src: `1 < 2 < 3`},
	{src: `1 == 2 == 3`},
	{src: `1 < 2 == true`, ok: true},
	{src: `a ? b ? c`, ok: true},
	{src: `1E-2`, ok: true}, // the integer 1 applied to the variable E-2
	{src: `a ? b.c`, ok: true},
	{src: `a.b or c`, ok: true},
	{src: `a or b`, ok: true},
	{src: `[ a or b ]`, ok: true},
	{src: `- - 1`, ok: true},
	{src: `!!true`, ok: true},
	{src: `if a then b else c`, ok: true},
	{src: `if a then b`},
	{src: `let a = 1; in a`, ok: true},
	{src: `let in 1`, ok: true},
	{src: `let { body = 1; }`, ok: true},
	{src: `with a; b`, ok: true},
	{src: `assert a; b`, ok: true},
	{src: `rec { a = b; b = 1; }`, ok: true},
	{src: `"${"${"x"}"}"`, ok: true},
	{src: `"unterminated`, why: "unterminated string"},
	{src: `''unterminated`, why: "unterminated indented string"},
	{src: `/* unterminated`, why: "unterminated comment"},
	{src: `./a/`, why: "trailing slash"},
	{src: `./a/${b}/`, why: "trailing slash"},
	{src: `./a/${b}`, ok: true},
	{src: `./a${b}.nix`, ok: true},
	{src: `~/a`, ok: true},
	{src: `~`},
	{src: `<nixpkgs>`, ok: true},
	{src: `<nixpkgs`},
	{src: `a/b`, ok: true},
	{src: `a//b`, ok: true},
	{src: `a // b`, ok: true},
	{src: `1.e`, ok: true}, // the float 1. applied to e
	{src: `$`},
	{src: `a & b`},
	{src: `a | b`},
	{src: `{ a = 1; } . a`, ok: true},
	{src: `f { }`, ok: true},
	{src: `f { }: 1`},
	{src: `f let { body = 1; }`, ok: true},
	{src: `f let a = 1; in a`},
	{src: `(x)`, ok: true},
	{src: `()`},
	{src: ``, why: "unexpected end of file"},
	{src: `# only a comment`, why: "unexpected end of file"},
	{src: `1 2`, ok: true},
	{src: `1 |> f`, ok: true, new: true},
	{src: `f <| 1`, ok: true, new: true},
	{src: `1 |> f <| 2`},
	{src: `f <| 1 |> g`},
	{src: `a.${b}.c`, ok: true},
	{src: `a."b c"`, ok: true},
	{src: `{ or = 1; }`, ok: true},
	{src: `{ a = 1; }.or or 2`, ok: true},
	{src: `__curPos`, ok: true},
	{src: `''a''${b}''`, ok: true},
	{src: `''a'''b''`, ok: true},
	{src: `"a$"`, ok: true},
	{src: `"a$${b}"`, ok: true},
	{src: `"\${b}"`, ok: true},
	{src: `x: y: z`, ok: true},
	{src: `{ a = 1; }: 2`},
	{src: `a.b.c or d.e or f`, ok: true},
	{src: `1.5e3`, ok: true},
	{src: `[ 1 -2 ]`},
	{src: `[ 1 (-2) ]`, ok: true},
	{src: `a:b`, ok: true},
	{src: `a: b`, ok: true},
}
