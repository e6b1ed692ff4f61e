package flakenix

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden outputs in testdata/edit")

// editCase is one testdata/edit/*.txtar archive: in.nix, the ops to apply
// (one per line), and the expected out.nix or error. A comment line "crlf"
// runs the case with CRLF line endings, "nonl" without a final newline.
type editCase struct {
	name      string
	path      string
	arch      *txtar.Archive
	in, out   []byte
	ops       []op
	wantErr   string
	crlf      bool
	noNewline bool
}

type op struct {
	verb  string // set, drop, add
	path  []string
	arg   string
	attrs []Attr
}

func (o op) String() string {
	return o.verb + " " + strings.Join(o.path, "/") + " " + o.arg
}

func loadEditCases(t testing.TB) []*editCase {
	files, err := filepath.Glob(filepath.Join("testdata", "edit", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no edit cases: %v", err)
	}
	var cases []*editCase
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c := &editCase{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), path: file, arch: a}
		for _, line := range strings.Split(string(a.Comment), "\n") {
			switch strings.TrimSpace(line) {
			case "crlf":
				c.crlf = true
			case "nonl":
				c.noNewline = true
			}
		}
		for _, f := range a.Files {
			switch f.Name {
			case "in.nix":
				c.in = c.convert(f.Data)
			case "out.nix":
				c.out = c.convert(f.Data)
			case "error":
				c.wantErr = strings.TrimSpace(string(f.Data))
			case "ops":
				for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
					o, err := parseOp(line)
					if err != nil {
						t.Fatalf("%s: %v", file, err)
					}
					c.ops = append(c.ops, o)
				}
			}
		}
		if c.in == nil || len(c.ops) == 0 {
			t.Fatalf("%s: needs in.nix and ops", file)
		}
		cases = append(cases, c)
	}
	return cases
}

func (c *editCase) convert(b []byte) []byte {
	if c.noNewline {
		b = bytes.TrimSuffix(b, []byte("\n"))
	}
	if c.crlf {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	}
	return b
}

func (c *editCase) unconvert(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	if c.noNewline {
		b = append(b, '\n')
	}
	return b
}

// parseOp reads "set a/b target", "drop a/b" or "add name k=v k=v…"
// (v: true/false, digits, "quoted", or a bare string).
func parseOp(line string) (op, error) {
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return op{}, fmt.Errorf("bad op %q", line)
	}
	o := op{verb: fields[0], path: strings.Split(fields[1], "/")}
	switch o.verb {
	case "set":
		if len(fields) == 3 {
			o.arg = fields[2]
		} else if len(fields) == 2 {
			o.arg = "" // follow the flake itself
		} else {
			return o, fmt.Errorf("bad op %q", line)
		}
		if o.arg == `""` {
			o.arg = ""
		}
	case "drop":
	case "add":
		for _, kv := range fields[2:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return o, fmt.Errorf("bad attribute %q", kv)
			}
			var val any = v
			if v == "true" || v == "false" {
				val = v == "true"
			} else if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				val = n
			} else if s, err := strconv.Unquote(v); err == nil {
				val = s
			}
			o.attrs = append(o.attrs, Attr{Name: k, Value: val})
		}
	default:
		return o, fmt.Errorf("unknown verb in %q", line)
	}
	return o, nil
}

func (o op) apply(f *File) error {
	switch o.verb {
	case "set":
		return f.SetFollows(o.path, o.arg)
	case "drop":
		return f.DropFollows(o.path)
	default:
		return f.AddInput(o.path[0], o.attrs)
	}
}

// run applies the ops in order and returns the text, or the first error
// (after checking that a failed edit left the file as it was).
func (c *editCase) run(t testing.TB) ([]byte, error) {
	f, err := Parse("flake.nix", c.in)
	if err != nil {
		return nil, err
	}
	for _, o := range c.ops {
		before := append([]byte(nil), f.Bytes()...)
		dirs := directivesByInput(f)
		if err := o.apply(f); err != nil {
			if !bytes.Equal(f.Bytes(), before) {
				t.Errorf("%s: failed %v changed the file", c.name, o)
			}
			return nil, err
		}
		checkTree(t, f.Bytes(), f.Root())
		checkNoDirectiveMoved(t, dirs, f, o.path, o.verb == "drop")
	}
	return f.Bytes(), nil
}

func TestGoldenEdits(t *testing.T) {
	for _, c := range loadEditCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.run(t)
			if *update {
				var files []txtar.File
				for _, f := range c.arch.Files {
					if f.Name != "out.nix" && f.Name != "error" {
						files = append(files, f)
					}
				}
				if err != nil {
					files = append(files, txtar.File{Name: "error", Data: []byte(err.Error() + "\n")})
				} else {
					files = append(files, txtar.File{Name: "out.nix", Data: c.unconvert(got)})
				}
				c.arch.Files = files
				if err := os.WriteFile(c.path, txtar.Format(c.arch), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if c.wantErr != "" {
				// Idempotence does not apply to a case that fails: what it
				// asserts instead is the error and, in run, that the failed
				// edit left the file as it was.
				if err == nil || err.Error() != c.wantErr {
					t.Fatalf("error = %v, want %s", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, c.out) {
				t.Fatalf("got:\n%s\nwant:\n%s", got, c.out)
			}
			// Running the same ops again ends with the same text. A set
			// finds its follows there (or puts back what a later drop of
			// the case takes away); a drop of a follows that is not there
			// and an add of an input that is fail cleanly, and the others
			// succeed.
			f, err := Parse("flake.nix", got)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range c.ops {
				want := ""
				switch {
				case o.verb == "drop" && f.Input(o.path...) == nil, o.verb == "drop" && !f.Input(o.path...).HasFollows:
					want = fmt.Sprintf("flake.nix: input '%s' has no follows declaration", strings.Join(o.path, "/"))
				case o.verb == "add" && f.Input(o.path[0]) != nil:
					want = fmt.Sprintf("input '%s' is already declared", o.path[0])
				}
				before := append([]byte(nil), f.Bytes()...)
				err := o.apply(f)
				if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
					t.Fatalf("re-applying %v: error %v, want %q", o, err, want)
				}
				if err != nil && !bytes.Equal(f.Bytes(), before) {
					t.Fatalf("re-applying %v failed and changed the file:\n%s", o, f.Bytes())
				}
			}
			if !bytes.Equal(f.Bytes(), got) {
				t.Fatalf("re-applying the ops changed the file:\n%s", f.Bytes())
			}
		})
	}
}
