package unify

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
)

var updateREADME = flag.Bool("update-readme", false, "rewrite the corpus table in ../README.md")

// TestCorpus plans every corpus lock with --lock-only: v3/v4 fail with a
// positioned error, every other lock gets a plan whose new lock checks, has
// no more copies than before, and has nothing left to do when planned again.
func TestCorpus(t *testing.T) {
	var rows []string
	var sumBefore, sumAfter, sumRevB, sumRevA, planned, targets int
	left := map[KeepReason]int{}
	for _, c := range corpus.Locks(t) {
		files := Files{LockName: c.Name + ".flake.lock", Lock: c.Data}
		p, err := Make(files, Options{LockOnly: true})
		if c.Version < 5 {
			var de *diag.Error
			if err == nil || !asDiag(err, &de) || !strings.Contains(de.What, "unsupported lock version") {
				t.Errorf("%s: v%d: error %v, want unsupported lock version", c.Name, c.Version, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		checkResult(t, p, files, Options{LockOnly: true})
		s := p.Summary
		planned++
		if p.Target() != nil {
			targets++
		}
		for _, k := range p.Kept {
			if k.Class == lockgraph.Nixpkgs {
				left[k.Reason]++
			}
		}
		sumBefore += s.CopiesBefore
		sumAfter += s.CopiesAfter
		sumRevB += s.RevisionsBefore
		sumRevA += s.RevisionsAfter
		rows = append(rows, fmt.Sprintf("| %s | %d | %d → %d | %d → %d | %d | %d |", c.Name, s.NodesBefore,
			s.CopiesBefore, s.CopiesAfter, s.RevisionsBefore, s.RevisionsAfter, s.NodesRemoved(), len(p.Kept)))
	}
	if *updateREADME {
		var parts []string
		for _, r := range []KeepReason{KeepRoot, KeepPinned, KeepNonFlake, KeepUser, KeepOtherBranch, KeepNoTarget, KeepTargetNonFlake, KeepContainsTarget, KeepLock} {
			if left[r] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", left[r], r))
			}
		}
		note := fmt.Sprintf("The %d copies left are the %d targets and the kept nodes: %s.", sumAfter, targets, strings.Join(parts, ", "))
		writeREADMETable(t, rows, planned, sumBefore, sumAfter, sumRevB, sumRevA, note)
	}
}

func asDiag(err error, de **diag.Error) bool {
	e, ok := err.(*diag.Error)
	*de = e
	return ok
}

const (
	tableBegin = "<!-- corpus-table begin (go test ./unify -run TestCorpus -update-readme) -->"
	tableEnd   = "<!-- corpus-table end -->"
)

func writeREADMETable(t *testing.T, rows []string, n, before, after, revB, revA int, note string) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n", tableBegin)
	fmt.Fprintf(&b, "`flake-unify plan --lock-only` with the default policy on the %d corpus locks of version 5–7 "+
		"(the v3/v4 ones are refused with a positioned error): nixpkgs copies %d → %d, distinct revisions %d → %d in all. %s\n\n", n, before, after, revB, revA, note)
	b.WriteString("| lock | nodes | nixpkgs copies | distinct revisions | nodes removed | kept |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		b.WriteString(r + "\n")
	}
	b.WriteString("\n`kept`: nixpkgs(-like) nodes the policy leaves alone (the root's own inputs, forks and nixpkgs.lib, flake = false sources, pinned revisions).\n")
	fmt.Fprintf(&b, "%s\n", tableEnd)
	const name = "../README.md"
	old, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(old, []byte(tableBegin)), bytes.Index(old, []byte(tableEnd))
	if i < 0 || j < i {
		t.Fatalf("%s has no %q … %q section", name, tableBegin, tableEnd)
	}
	out := append(append(append([]byte{}, old[:i]...), b.Bytes()...), old[j+len(tableEnd)+1:]...)
	if err := os.WriteFile(name, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
