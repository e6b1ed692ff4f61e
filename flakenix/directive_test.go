package flakenix

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// directiveSummary lists every directive of f, one per line, with the
// inputs it is attached to.
func directiveSummary(f *File) string {
	owners := map[int][]string{}
	var walk func([]*Input)
	walk = func(ins []*Input) {
		for _, in := range ins {
			for _, d := range in.Directives {
				owners[d.Pos.Offset] = append(owners[d.Pos.Offset], strings.Join(in.Path, "/"))
			}
			walk(in.Inputs)
		}
	}
	walk(f.Inputs())
	var b strings.Builder
	for _, d := range f.Directives() {
		o := owners[d.Pos.Offset]
		sort.Strings(o)
		if len(o) == 0 {
			o = []string{"(nothing)"}
		}
		fmt.Fprintf(&b, "%d:%d %q -> %s\n", d.Pos.Line, d.Pos.Col, d.Text, strings.Join(o, ", "))
	}
	return b.String()
}

// TestDirectiveGoldens: each testdata/directives case lists the directives
// of its flake.nix and the inputs each one is attached to. A comment line
// "crlf" runs the case with CRLF line endings.
func TestDirectiveGoldens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "directives", "*.txtar"))
	if err != nil || len(files) < 9 {
		t.Fatalf("directive cases: %d, %v", len(files), err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var src []byte
			var want string
			for _, f := range a.Files {
				switch f.Name {
				case "flake.nix":
					src = f.Data
				case "want":
					want = string(f.Data)
				}
			}
			if strings.HasPrefix(string(a.Comment), "crlf\n") {
				src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
			}
			f, err := Parse("flake.nix", src)
			if err != nil {
				t.Fatal(err)
			}
			got := directiveSummary(f)
			checkDirectivePositions(t, f)
			if *update {
				var files []txtar.File
				for _, f := range a.Files {
					if f.Name != "want" {
						files = append(files, f)
					}
				}
				a.Files = append(files, txtar.File{Name: "want", Data: []byte(got)})
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// checkDirectivePositions: every directive points at a comment marker, its
// text is in the comment, and every attached directive sits on a line of
// a binding of its input or alone on the line above one.
func checkDirectivePositions(t testing.TB, f *File) {
	t.Helper()
	src := f.Bytes()
	for _, d := range f.Directives() {
		off := d.Pos.Offset
		if off >= len(src) || src[off] != '#' && !bytes.HasPrefix(src[off:], []byte("/*")) {
			t.Fatalf("directive %q at %v does not point at a comment marker", d.Text, d.Pos)
		}
		if got := f.root.sf.pos(int32(off)); got != d.Pos {
			t.Fatalf("directive at %v: offset %d is at %v", d.Pos, off, got)
		}
		eol := bytes.IndexAny(src[off:], "\r\n")
		if eol < 0 {
			eol = len(src) - off
		}
		if !bytes.Contains(src[off:off+eol], []byte(d.Text)) {
			t.Fatalf("directive %q at %v: not in its line %q", d.Text, d.Pos, src[off:off+eol])
		}
	}
	var walk func([]*Input)
	walk = func(ins []*Input) {
		for _, in := range ins {
			for _, d := range in.Directives {
				near := false
				for _, b := range f.bindingsOf(in) {
					first, last := b.Pos().Line, b.sf.pos(b.sf.toks[b.t1-1].off).Line
					if d.Pos.Line == first || d.Pos.Line == last || d.Pos.Line == first-1 {
						near = true
					}
				}
				if !near {
					t.Fatalf("directive %q at %v attached to %s, on no line of its bindings", d.Text, d.Pos, strings.Join(in.Path, "/"))
				}
			}
			walk(in.Inputs)
		}
	}
	walk(f.Inputs())
}

// bindingsOf lists the bindings that declare in: its leaves, the bindings
// holding its blocks, and bindings that name it on the way to a deeper
// input (a.inputs = { … } declares a).
func (f *File) bindingsOf(in *Input) []*Binding {
	var out []*Binding
	for _, b := range f.blocks {
		for _, e := range b.entries {
			full := append(append([]string(nil), b.path...), e.names...)
			if full[0] != "inputs" {
				continue
			}
			if ip, _, _ := splitInputsPath(full); ip != nil && strings.Join(ip, "/") == strings.Join(in.Path, "/") {
				out = append(out, e.bind)
			}
		}
	}
	return out
}

// TestDirectivesOnRealFlakes puts directives beside every binding that
// declares an input in every flake.nix the tests have (the flakes, the
// corpus and the edit goldens' inputs): one at the end of the binding's
// first line, one alone on a new line above it. Each must attach to that
// binding's input, the file must still parse, nothing else may change, and
// no edit the planner makes there (a follows for each input's nixpkgs, a
// drop of each follows) may move a directive to another input.
func TestDirectivesOnRealFlakes(t *testing.T) {
	var srcs [][]byte
	names := []string{}
	for _, name := range corpusFiles(t) {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs, names = append(srcs, src), append(names, name)
	}
	for _, c := range loadEditCases(t) {
		srcs, names = append(srcs, c.in), append(names, c.path)
	}
	tried := 0
	for i, src := range srcs {
		f, err := Parse("flake.nix", src)
		if err != nil {
			continue // corpus files that are not flakes
		}
		for _, b := range f.blocks {
			for _, e := range b.entries {
				full := append(append([]string(nil), b.path...), e.names...)
				ip, _, _ := splitInputsPath(full)
				if full[0] != "inputs" || ip == nil {
					continue
				}
				for _, above := range []bool{false, true} {
					got, ok := withDirective(t, f, e.bind, above)
					if !ok {
						continue
					}
					tried++
					in := got.Input(ip...)
					if in == nil {
						t.Fatalf("%s: input %v lost", names[i], ip)
					}
					found := false
					for _, d := range in.Directives {
						found = found || d.Text == "keep test"
					}
					if !found {
						t.Errorf("%s: directive (above %v) beside %s not attached to %s:\n%s", names[i], above, e.bind.Path.Pos(), strings.Join(ip, "/"), got.Bytes())
					}
					if summary(got) != summary(f) && !above {
						t.Errorf("%s: the view changed:\n%s\nvs\n%s", names[i], summary(got), summary(f))
					}
					checkDirectivePositions(t, got)
					editsKeepDirectives(t, got)
				}
			}
		}
	}
	t.Logf("%d placements", tried)
	if tried < 100 {
		t.Fatalf("only %d placements tried", tried)
	}
}

// withDirective writes "# flake-unify: keep test" at the end of the first
// line of b, or alone on a new line above it; ok is false where that line
// has no room for a comment (it ends inside a string or comment, or b does
// not start its line).
func withDirective(t *testing.T, f *File, b *Binding, above bool) (*File, bool) {
	t.Helper()
	src := f.Bytes()
	off := b.Pos().Offset
	var text string
	at := 0
	if above {
		if !f.startsLine(off) {
			return nil, false
		}
		at = bytes.LastIndexByte(src[:off], '\n') + 1
		text = f.lineIndent(off) + "# flake-unify: keep test" + f.newline()
	} else {
		eol := bytes.IndexByte(src[off:], '\n')
		if eol < 0 {
			eol = len(src) - off
		}
		at = off + eol
		if at > 0 && src[at-1] == '\r' {
			at--
		}
		// The end of the line must fall in whitespace (not in a string or a
		// comment) for the comment to be one, and not follow a line comment
		// (it would be part of it).
		k := f.tokenAt(at)
		if k != tSpace && k != tEOF || f.tokenAt(at-1) == tLineComment {
			return nil, false
		}
		text = " # flake-unify: keep test"
	}
	out := append(append(append([]byte(nil), src[:at]...), text...), src[at:]...)
	nf, err := Parse("flake.nix", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return nf, true
}

// tokenAt is the kind of the token holding byte off.
func (f *File) tokenAt(off int) kind {
	i := sort.Search(len(f.toks), func(i int) bool { return int(f.toks[i].off) > off }) - 1
	if i < 0 {
		return tEOF
	}
	return f.toks[i].kind
}

// directivesByInput maps each input path to the texts of its directives.
func directivesByInput(f *File) map[string][]string {
	out := map[string][]string{}
	var walk func([]*Input)
	walk = func(ins []*Input) {
		for _, in := range ins {
			p := strings.Join(in.Path, "/")
			out[p] = nil
			for _, d := range in.Directives {
				out[p] = append(out[p], d.Text)
			}
			walk(in.Inputs)
		}
	}
	walk(f.Inputs())
	return out
}

// checkNoDirectiveMoved: after an edit of the input at edited, every input
// that was there before has the directives it had, no more, no fewer. The
// edited input and inputs new with the edit may gain some (a binding added
// to a line joins the line's comments); a drop may take away those of the
// dropped input and of the inputs above it whose override sets it removes.
func checkNoDirectiveMoved(t testing.TB, before map[string][]string, after *File, edited []string, drop bool) {
	t.Helper()
	e := strings.Join(edited, "/")
	now := directivesByInput(after)
	for p, texts := range now {
		old, existed := before[p]
		if !existed || p == e || strings.HasPrefix(p, e+"/") {
			continue
		}
		left := append([]string(nil), old...)
	next:
		for _, x := range texts {
			for i, y := range left {
				if x == y {
					left = append(left[:i], left[i+1:]...)
					continue next
				}
			}
			t.Fatalf("after editing %s, input %s has directive %q it did not have (had %q)\n%s", e, p, x, old, after.Bytes())
		}
		if len(left) > 0 && !(drop && strings.HasPrefix(e, p+"/")) {
			t.Fatalf("after editing %s, input %s lost directives %q\n%s", e, p, left, after.Bytes())
		}
	}
}

// editsKeepDirectives makes each edit the planner could make in f, on a
// copy, and checks that no directive moves.
func editsKeepDirectives(t *testing.T, f *File) {
	t.Helper()
	var follows [][]string
	var walk func([]*Input)
	walk = func(ins []*Input) {
		for _, in := range ins {
			if in.HasFollows {
				follows = append(follows, in.Path)
			}
			walk(in.Inputs)
		}
	}
	walk(f.Inputs())
	dirs := directivesByInput(f)
	for _, root := range f.Inputs() {
		g, err := Parse("flake.nix", f.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		p := []string{root.Name(), "nixpkgs"}
		if root.Name() == "nixpkgs" || g.SetFollows(p, "nixpkgs") != nil {
			continue
		}
		checkNoDirectiveMoved(t, dirs, g, p, false)
	}
	for _, p := range follows {
		g, err := Parse("flake.nix", f.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if g.DropFollows(p) == nil {
			checkNoDirectiveMoved(t, dirs, g, p, true)
		}
	}
}
