package main

import (
	"github.com/flake-unify/flake-unify/lockview"
)

type graphCmd struct {
	Dir    string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Format string `default:"tree" enum:"tree,dot,mermaid,json" help:"Output format: tree, dot, mermaid or json."`
	matchFlag
	inputsFlag
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
	switch g.Format {
	case "dot":
		return v.Dot(e.stdout, lockPath(g.Dir))
	case "mermaid":
		return v.Mermaid(e.stdout)
	case "json":
		return v.JSON(e.stdout)
	}
	return v.Tree(e.stdout, lockPath(g.Dir))
}
