package apicheck

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestPublicAPINamesNoInternalType reads every public package's exported
// declarations as go doc shows them and fails on each mention of a type
// from an internal package: a user could neither name nor errors.As it.
func TestPublicAPINamesNoInternalType(t *testing.T) {
	root := filepath.Join("..", "..")
	pkgs := publicPackages(t, root)
	if len(pkgs) < 5 {
		t.Fatalf("found only %d public packages under %s: %v", len(pkgs), root, pkgs)
	}
	t.Logf("public packages: %s", strings.Join(pkgs, " "))
	for _, dir := range pkgs {
		for _, m := range internalMentions(t, filepath.Join(root, dir)) {
			t.Errorf("%s: %s", dir, m)
		}
	}
}

// TestInternalMentionsFindsOne runs the check on a package made to fail
// it, so the test above cannot pass by finding nothing.
func TestInternalMentionsFindsOne(t *testing.T) {
	dir := t.TempDir()
	src := `package p

import "example.org/m/internal/secret"

// T is public.
type T struct {
	Cause *secret.Error
	hidden secret.Other
}

func New() (T, secret.Kind) { return T{}, 0 }

func unexported(secret.Other) {}
`
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got := internalMentions(t, dir)
	want := []string{"func New: secret.Kind (example.org/m/internal/secret)", "type T: secret.Error (example.org/m/internal/secret)"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// publicPackages lists the module's directories holding a library package:
// not internal, not a command, not test data.
func publicPackages(t *testing.T, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			name := d.Name()
			if rel != "." && (name == "internal" || name == "testdata" || name == "cmd" || strings.HasPrefix(name, ".") || name == "e2e") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && rel != filepath.Base(rel) {
			seen[filepath.Dir(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// internalMentions returns, sorted, each exported declaration of the
// package in dir that mentions a type of an internal package.
func internalMentions(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	parsed, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, pkg := range parsed {
		// Which import name means which internal path, per file.
		internal := map[*ast.File]map[string]string{}
		var files []*ast.File
		for _, f := range pkg.Files {
			files = append(files, f)
			m := map[string]string{}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if !strings.Contains("/"+path+"/", "/internal/") {
					continue
				}
				name := path[strings.LastIndex(path, "/")+1:]
				if imp.Name != nil {
					name = imp.Name.Name
				}
				m[name] = path
			}
			internal[f] = m
		}
		// go/doc keeps what go doc shows: exported declarations, exported
		// fields and methods; it edits the files in place.
		d := doc.New(pkg, dir, 0)
		imports := map[string]string{}
		for _, m := range internal {
			for k, v := range m {
				imports[k] = v
			}
		}
		report := func(what string, n ast.Node) {
			seen := map[string]bool{}
			ast.Inspect(n, func(n ast.Node) bool {
				if _, ok := n.(*ast.BlockStmt); ok {
					return false // bodies are not API
				}
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok {
						if path, ok := imports[x.Name]; ok {
							s := what + ": " + x.Name + "." + sel.Sel.Name + " (" + path + ")"
							if !seen[s] {
								seen[s] = true
								out = append(out, s)
							}
						}
					}
				}
				return true
			})
		}
		funcs := func(fs []*doc.Func) {
			for _, f := range fs {
				what := "func " + f.Name
				if f.Recv != "" {
					what = "method (" + f.Recv + ") " + f.Name
				}
				report(what, f.Decl.Type)
				if f.Decl.Recv != nil {
					report(what, f.Decl.Recv)
				}
			}
		}
		values := func(vs []*doc.Value) {
			for _, v := range vs {
				report("var/const "+strings.Join(v.Names, ", "), v.Decl)
			}
		}
		values(d.Consts)
		values(d.Vars)
		funcs(d.Funcs)
		for _, ty := range d.Types {
			report("type "+ty.Name, ty.Decl)
			values(ty.Consts)
			values(ty.Vars)
			funcs(ty.Funcs)
			funcs(ty.Methods)
		}
	}
	sort.Strings(out)
	return out
}
