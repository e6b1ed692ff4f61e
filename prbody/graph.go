package prbody

import (
	"fmt"

	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/unify"
)

// Mermaid as GitHub and Gitea run it refuses a diagram of more than 50,000
// characters or 500 edges (its maxTextSize and maxEdges defaults) with an
// error box; such a graph is left out as if it did not fit.
const (
	mermaidMaxText  = 50000
	mermaidMaxEdges = 500
)

// graphs: the nixpkgs copies before and after, as lockview.CopiesMermaid
// draws them. Shrinks to the graph after alone, then to a note, then to
// nothing.
func graphs(p *unify.Plan) section {
	if p.Nothing() {
		return section{}
	}
	before, errB := copiesGraph(p.Files.LockName, p.Files.Lock, p, true)
	after, errA := copiesGraph(p.Files.LockName, p.NewLock, p, false)
	if errB != nil || errA != nil {
		// The plan's locks parsed when it was made; a plan built some
		// other way just goes without graphs.
		return section{}
	}
	const title = "### nixpkgs copies\n\n"
	const legend = "Solid arrows are inputs, dotted arrows follows; an arrow labelled with a path stands for the inputs along it. The target has a red border.\n\n"
	s := p.Summary
	beforeText := fmt.Sprintf("**Before:** %d %s\n\n", s.CopiesBefore, words.Plural(s.CopiesBefore, "copy", "copies")) + block(before)
	afterText := fmt.Sprintf("**After:** %d %s\n\n", s.CopiesAfter, words.Plural(s.CopiesAfter, "copy", "copies")) + block(after)
	noBefore := fmt.Sprintf("The graph before (%d nodes, %d edges) does not fit here; `flake-unify graph --format mermaid` draws the whole lock.\n\n", before.Nodes, before.Edges)
	none := fmt.Sprintf("The graphs of the copies (%d and %d edges) do not fit here; `flake-unify graph --format mermaid` draws the whole lock.\n\n", before.Edges, after.Edges)
	forms := []string{}
	if renders(before) && renders(after) {
		forms = append(forms, title+legend+beforeText+afterText)
	}
	if renders(after) {
		forms = append(forms, title+legend+afterText+noBefore)
	}
	forms = append(forms, title+none)
	return section{fit: func(budget int) string {
		for _, f := range forms {
			if runes(f) <= budget {
				return f
			}
		}
		return ""
	}}
}

func renders(g lockview.CopiesGraph) bool {
	return runes(g.Text) <= mermaidMaxText && g.Edges <= mermaidMaxEdges
}

func block(g lockview.CopiesGraph) string {
	f := fenceFor(g.Text)
	return f + "mermaid\n" + g.Text + f + "\n\n"
}

// copiesGraph draws one lock's copies. The old lock is made canonical
// first, as the plan's keys are those of the canonical lock (the new one is
// written canonical); the first target is marked.
func copiesGraph(name string, data []byte, p *unify.Plan, old bool) (lockview.CopiesGraph, error) {
	l, err := lockgraph.Parse(name, data)
	if err != nil {
		return lockview.CopiesGraph{}, err
	}
	if err := l.Check(); err != nil {
		return lockview.CopiesGraph{}, err
	}
	if old {
		if l, err = l.Canonical(); err != nil {
			return lockview.CopiesGraph{}, err
		}
	}
	v, err := lockview.New(l, p.Options.Classifier)
	if err != nil {
		return lockview.CopiesGraph{}, err
	}
	target := ""
	if t := p.Target(); t != nil {
		if old {
			target = t.Key
		} else if k, err := l.Resolve(t.Spelling); err == nil {
			target = k
		}
	}
	return v.CopiesMermaid(target)
}
