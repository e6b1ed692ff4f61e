package unify

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// TestCorpusAll plans every corpus lock of version 5–7 with --all
// --lock-only: each plan succeeds, its lock is canonical (Parse → Canonical
// → Encode gives the same bytes) and passes Check, no identity gains a
// copy, every identity with a target is down to one copy unless kept nodes
// explain the rest, and planning again finds nothing to do.
func TestCorpusAll(t *testing.T) {
	opt := Options{LockOnly: true, All: true}
	type total struct{ before, after, srcBefore, srcAfter, locks int }
	totals := map[string]*total{}
	var planned, removed, nodes int
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue // refused with a positioned error, as TestCorpus checks
		}
		files := Files{LockName: c.Name + ".flake.lock", Lock: c.Data}
		p, err := Make(files, opt)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		planned++
		nodes += p.Summary.NodesBefore
		removed += p.Summary.NodesRemoved()
		l, err := lockgraph.Parse("new", p.NewLock)
		if err != nil {
			t.Fatalf("%s: new lock: %v", c.Name, err)
		}
		if err := l.Check(); err != nil {
			t.Errorf("%s: new lock: %v", c.Name, err)
		}
		if p.LockChanged() {
			cl, err := l.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := cl.Encode(); !bytes.Equal(b, p.NewLock) {
				t.Errorf("%s: the new lock is not canonical", c.Name)
			}
		}
		kept := map[string]int{}
		for _, k := range p.Kept {
			kept[k.Input]++
		}
		for _, in := range p.Summary.Inputs {
			if in.CopiesAfter > in.CopiesBefore || in.SourcesAfter > in.SourcesBefore {
				t.Errorf("%s: %s grew: %+v", c.Name, in.Input, in)
			}
			// One target, the kept copies, and what lies below kept nodes
			// (nested identities) may remain; never more than before.
			if in.Input != nixpkgsInput && in.CopiesAfter > 1+kept[in.Input] && len(p.Redirects) == 0 {
				t.Errorf("%s: %s: %d copies left, %d kept, nothing redirected", c.Name, in.Input, in.CopiesAfter, kept[in.Input])
			}
			tt := totals[in.Input]
			if tt == nil {
				tt = &total{}
				totals[in.Input] = tt
			}
			tt.before += in.CopiesBefore
			tt.after += in.CopiesAfter
			tt.srcBefore += in.SourcesBefore
			tt.srcAfter += in.SourcesAfter
			tt.locks++
		}
		again := files
		again.Lock = p.NewLock
		p2, err := Make(again, opt)
		if err != nil {
			t.Errorf("%s: re-plan: %v", c.Name, err)
		} else if !p2.Nothing() {
			t.Errorf("%s: re-plan has something to do: %v", c.Name, redirectLines(p2))
		}
	}
	type row struct {
		name string
		*total
	}
	var rows []row
	for name, tt := range totals {
		rows = append(rows, row{name, tt})
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(b.before-b.after-(a.before-a.after), b.before-a.before, cmp.Compare(a.name, b.name))
	})
	var all total
	for _, r := range rows {
		if r.name != nixpkgsInput {
			all.before += r.before
			all.after += r.after
			all.srcBefore += r.srcBefore
			all.srcAfter += r.srcAfter
		}
	}
	t.Logf("%d locks, %d identities duplicated; other than nixpkgs: copies %d → %d, sources %d → %d; nodes %d, removed %d",
		planned, len(rows)-1, all.before, all.after, all.srcBefore, all.srcAfter, nodes, removed)
	if *updateREADME {
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s\n", inputsBegin)
		fmt.Fprintf(&b, "`flake-unify plan --lock-only --all` on the same %d locks: every plan succeeds and its lock is canonical. "+
			"%d sources other than nixpkgs are duplicated somewhere; their copies go %d → %d (distinct sources, i.e. downloads and store paths, %d → %d), "+
			"and %d of the %d nodes are removed in all (nixpkgs included). The most duplicated (copies summed over the locks that duplicate them):\n\n",
			planned, len(rows)-1, all.before, all.after, all.srcBefore, all.srcAfter, removed, nodes)
		b.WriteString("| source | locks | copies | distinct sources |\n| --- | ---: | ---: | ---: |\n")
		for i, r := range rows {
			if i == 15 {
				break
			}
			fmt.Fprintf(&b, "| `%s` | %d | %d → %d | %d → %d |\n", r.name, r.locks, r.before, r.after, r.srcBefore, r.srcAfter)
		}
		fmt.Fprintf(&b, "%s\n", inputsEnd)
		replaceREADMESection(t, inputsBegin, inputsEnd, b.Bytes())
	}
}

const (
	inputsBegin = "<!-- inputs-table begin (go test ./unify -run TestCorpusAll -update-readme) -->"
	inputsEnd   = "<!-- inputs-table end -->"
)

// replaceREADMESection replaces the begin … end section of ../README.md
// with section, or adds it after the corpus table.
func replaceREADMESection(t *testing.T, begin, end string, section []byte) {
	const name = "../README.md"
	old, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(old, []byte(begin)), bytes.Index(old, []byte(end))
	if i < 0 {
		at := bytes.Index(old, []byte(tableEnd))
		if at < 0 {
			t.Fatalf("%s has no %q", name, tableEnd)
		}
		i = at + len(tableEnd) + 1
		j = i
		section = append([]byte("\n#### Other duplicated inputs (`--all`)\n\n"), section...)
	} else {
		j += len(end) + 1
	}
	out := append(append(append([]byte{}, old[:i]...), section...), old[j:]...)
	if err := os.WriteFile(name, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
