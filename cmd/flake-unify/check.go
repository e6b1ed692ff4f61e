package main

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/unify"
)

type checkCmd struct {
	Dir  string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Max  int    `default:"1" help:"How many nixpkgs copies are allowed; with --input/--all, how many copies of each selected source."`
	JSON bool   `name:"json" help:"Print one JSON document."`
	matchFlag
	inputsFlag
}

type checkJSON struct {
	Copies       int                 `json:"copies"`
	Max          int                 `json:"max"`
	OK           bool                `json:"ok"`
	DistinctRevs int                 `json:"distinctRevisions"`
	Nixpkgs      []lockview.CopyJSON `json:"nixpkgs"`
	Inputs       []checkInputJSON    `json:"inputs,omitempty"` // --input, --all
}

// checkInputJSON is one selected source with its copies.
type checkInputJSON struct {
	Input           string              `json:"input"`
	Copies          int                 `json:"copies"`
	DistinctSources int                 `json:"distinctSources"`
	OK              bool                `json:"ok"`
	Nodes           []lockview.CopyJSON `json:"nodes"`
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
	groups, withNixpkgs, err := c.groups(l, c.classifier())
	if err != nil {
		return err
	}
	tally := unify.Count(v.Copies)
	n := tally.Copies
	ok := n <= c.Max || !withNixpkgs
	var inputs []checkInputJSON
	for _, g := range groups {
		in := checkInputJSON{Input: g.ID.String(), Copies: len(g.Copies), DistinctSources: unify.Count(g.Copies).Sources, OK: len(g.Copies) <= c.Max,
			Nodes: lockview.GroupJSON(g)}
		ok = ok && in.OK
		inputs = append(inputs, in)
	}
	if c.JSON {
		if err := lockview.WriteJSON(e.stdout, checkJSON{Copies: n, Max: c.Max, OK: ok, DistinctRevs: tally.Revisions, Nixpkgs: v.CopiesJSON(), Inputs: inputs}); err != nil {
			return err
		}
	} else {
		if withNixpkgs {
			writeCheck(e, v, lockPath(c.Dir), tally, c.Max)
		}
		writeInputs(e, groups, inputs, c.Max)
	}
	if !ok {
		return exitError{1}
	}
	return nil
}

func writeCheck(e *env, v *lockview.View, name string, tally unify.Tally, max int) {
	n := tally.Copies
	verdict := "ok"
	if n > max {
		verdict = "too many"
	}
	revs := tally.Revisions
	fmt.Fprintf(e.stdout, "%s: %d nixpkgs %s (%d distinct %s, allowed %d): %s\n",
		name, n, words.Plural(n, "copy", "copies"), revs, words.Plural(revs, "revision", "revisions"), max, verdict)
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

// writeInputs reports each selected source: its copies against --max, the
// distinct sources (downloads, store paths) among them, and where each copy
// is reached.
func writeInputs(e *env, groups []lockgraph.Group, inputs []checkInputJSON, max int) {
	for i, g := range groups {
		in := inputs[i]
		verdict := "ok"
		if !in.OK {
			verdict = "too many"
		}
		fmt.Fprintf(e.stdout, "%s: %d %s (%d distinct %s, allowed %d): %s\n", in.Input, in.Copies, words.Plural(in.Copies, "copy", "copies"),
			in.DistinctSources, words.Plural(in.DistinctSources, "source", "sources"), max, verdict)
		for j := range g.Copies {
			cp := &g.Copies[j]
			paths := make([]string, len(cp.Paths))
			for k, p := range cp.Paths {
				paths[k] = p.String()
			}
			fmt.Fprintf(e.stdout, "  %s: %s\n      reached by %s\n", cp.Key, lockview.Label(cp), strings.Join(paths, ", "))
		}
	}
}
