package main

import (
	"bytes"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockview"
)

type graphCmd struct {
	Dir    string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Format string `default:"tree" enum:"tree,dot,mermaid,json" help:"Output format: tree, dot, mermaid or json."`
	matchFlag
	inputsFlag
	jsonFlag
	colorFlag
}

func (g *graphCmd) Run(e *env) error {
	l, err := loadLock(g.Dir)
	if err != nil {
		return err
	}
	v, err := lockview.New(l, g.classifier())
	if err != nil {
		return err
	}
	groups, _, err := g.groups(l, g.classifier())
	if err != nil {
		return err
	}
	v.MarkInputs(groups)
	format := g.Format
	if g.JSON {
		if format != "tree" && format != "json" {
			return &diag.Error{What: "--json with --format " + format, Why: "they ask for two formats", Hint: "drop one of them"}
		}
		format = "json"
	}
	switch format {
	case "dot":
		return v.Dot(e.stdout, lockPath(g.Dir))
	case "mermaid":
		return v.Mermaid(e.stdout)
	case "json":
		return v.JSON(e.stdout)
	}
	color, err := g.useColor(e)
	if err != nil {
		return err
	}
	if !color {
		return v.Tree(e.stdout, lockPath(g.Dir))
	}
	var tree bytes.Buffer
	if err := v.Tree(&tree, lockPath(g.Dir)); err != nil {
		return err
	}
	return paintMarks(e.stdout, tree.Bytes())
}
