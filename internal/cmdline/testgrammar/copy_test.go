package testgrammar

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The copy must stay the real surface's copy: every struct declared here
// is compared, field by field (name, type, tag), with the struct of the
// same name in the program's source (cmd/flake-unify, or internal/cli once
// the commands live there), the replaced types mapped back.
func TestCopyIsTheRealSurface(t *testing.T) {
	mine := structs(t, []string{"surface.go"}, func(string) bool { return true })
	root := filepath.Join("..", "..", "..")
	real := map[string]string{}
	for _, dir := range []string{filepath.Join(root, "cmd", "flake-unify"), filepath.Join(root, "internal", "cli")} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range structs(t, files, func(n string) bool { _, ok := mine[n]; return ok }) {
			real[name] = s
		}
	}
	if len(real) == 0 {
		t.Fatal("found none of the surface's structs in the program's source")
	}
	replaced := strings.NewReplacer("gitops.Mode", "Mode", "*verify.Measurement", "*measurement",
		"*verify.Report", "*report", "map[string]nixstore.Source", "map[string]source")
	for name, want := range mine {
		got, ok := real[name]
		if !ok {
			t.Errorf("struct %s is not in the program's source any more", name)
			continue
		}
		if replaced.Replace(got) != want {
			t.Errorf("struct %s differs from the program's:\nprogram: %s\ncopy:    %s", name, replaced.Replace(got), want)
		}
	}
}

// structs maps the name of each struct type declared in the non-test Go
// files that keep accepts to its fields, one line each.
func structs(t *testing.T, files []string, keep func(string) bool) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || !keep(ts.Name.Name) {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return true
			}
			var b strings.Builder
			for _, fl := range st.Fields.List {
				var names []string
				for _, id := range fl.Names {
					names = append(names, id.Name)
				}
				var typ strings.Builder
				printer.Fprint(&typ, fset, fl.Type)
				tag := ""
				if fl.Tag != nil {
					tag = fl.Tag.Value
				}
				b.WriteString(strings.Join(names, ",") + " " + typ.String() + " " + tag + "\n")
			}
			out[ts.Name.Name] = b.String()
			return true
		})
	}
	return out
}
