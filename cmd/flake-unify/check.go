package main

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
)

type checkCmd struct {
	Dir  string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Max  int    `default:"1" help:"How many nixpkgs copies are allowed."`
	JSON bool   `name:"json" help:"Print one JSON document."`
	matchFlag
}

type checkJSON struct {
	Copies       int                 `json:"copies"`
	Max          int                 `json:"max"`
	OK           bool                `json:"ok"`
	DistinctRevs int                 `json:"distinctRevisions"`
	Nixpkgs      []lockview.CopyJSON `json:"nixpkgs"`
}

func (c *checkCmd) Run(e *env) error {
	l, err := loadLock(c.Dir)
	if err != nil {
		return err
	}
	v, err := lockview.New(l, c.classifier())
	if err != nil {
		return err
	}
	n := v.Count(lockgraph.Nixpkgs)
	ok := n <= c.Max
	if c.JSON {
		if err := lockview.WriteJSON(e.stdout, checkJSON{Copies: n, Max: c.Max, OK: ok, DistinctRevs: v.DistinctRevs(), Nixpkgs: v.CopiesJSON()}); err != nil {
			return err
		}
	} else {
		writeCheck(e, v, lockPath(c.Dir), n, c.Max)
	}
	if !ok {
		return exitError{1}
	}
	return nil
}

func writeCheck(e *env, v *lockview.View, name string, n, max int) {
	verdict := "ok"
	if n > max {
		verdict = "too many"
	}
	revs := v.DistinctRevs()
	fmt.Fprintf(e.stdout, "%s: %d nixpkgs %s (%d distinct %s, allowed %d): %s\n",
		name, n, plural(n, "copy", "copies"), revs, plural(revs, "revision", "revisions"), max, verdict)
	for _, class := range []lockgraph.Class{lockgraph.Nixpkgs, lockgraph.NixpkgsLike} {
		first := true
		for i := range v.Copies {
			cp := &v.Copies[i]
			if cp.Source.Class != class {
				continue
			}
			if first && class == lockgraph.NixpkgsLike {
				fmt.Fprintln(e.stdout, "not counted (forks, subsets, derivatives):")
			}
			first = false
			label := lockview.Label(cp)
			if class == lockgraph.NixpkgsLike {
				label = strings.TrimSpace(cp.Source.Why + " " + label)
			}
			paths := make([]string, len(cp.Paths))
			for j, p := range cp.Paths {
				paths[j] = p.String()
			}
			fmt.Fprintf(e.stdout, "  %s: %s\n      reached by %s\n", cp.Key, label, strings.Join(paths, ", "))
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
