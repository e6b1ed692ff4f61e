package policy

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/flakenix"
)

// ReadComments reads the `# flake-unify: …` comments of flake.nix (f,
// named name in messages). The one word they know is keep: every nixpkgs
// copy reached through the input the comment sits on is left alone. The
// comment travels with the input when people move code around, which a
// path in flake-unify.toml does not. A directive with another word, or one
// that sits on no input, is an error: a comment that silently does nothing
// is worse than none.
func ReadComments(name string, f *flakenix.File) (Layer, error) {
	var layer Layer
	attached := map[int]bool{}
	var visit func(in *flakenix.Input) error
	visit = func(in *flakenix.Input) error {
		for _, d := range in.Directives {
			attached[d.Pos.Offset] = true
			word := firstWord(d.Text)
			if word != "keep" {
				return &diag.Error{File: name, Pos: d.Pos, What: fmt.Sprintf("unknown directive %q", "flake-unify: "+d.Text),
					Why: "the one directive is keep", Hint: "write `# flake-unify: keep` on the input's line or just above it, or remove the comment"}
			}
			layer = append(layer, Setting{Key: "keep", Value: Value{List: []string{strings.Join(in.Path, "/")}},
				Origin: Comment, File: name, Pos: d.Pos})
		}
		for _, sub := range in.Inputs {
			if err := visit(sub); err != nil {
				return err
			}
		}
		return nil
	}
	for _, in := range f.Inputs() {
		if err := visit(in); err != nil {
			return nil, err
		}
	}
	for _, d := range f.Directives() {
		if !attached[d.Pos.Offset] {
			return nil, &diag.Error{File: name, Pos: d.Pos, What: "`flake-unify: " + d.Text + "` belongs to no input",
				Why:  "a directive applies to the input declared on its line or on the line just below it",
				Hint: "move the comment onto the input's declaration (e.g. after inputs.foo.url = …;) or just above it"}
		}
	}
	return layer, nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
