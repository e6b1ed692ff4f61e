package prbody

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/unify"
)

// TestCorpus renders every corpus lock's plan (lock-only: the corpus holds
// no flake.nix) at GitHub's limit and at two small ones, and checks each
// body's shape, determinism and priorities.
func TestCorpus(t *testing.T) {
	limits := []int{GitHubLimit, 20000, 4000}
	planned, cut, graphsShown := 0, 0, 0
	for _, l := range corpus.Locks(t) {
		p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: l.Data}, unify.Options{LockOnly: true})
		if err != nil {
			if l.Version >= 5 {
				t.Errorf("%s: version %d refused: %v", l.Name, l.Version, err)
			}
			continue // v3/v4: refused by design
		}
		planned++
		for _, limit := range limits {
			body, err := Body(p, Options{Limit: limit, Base: "main"})
			if err != nil {
				t.Errorf("%s at %d: %v", l.Name, limit, err)
				continue
			}
			if err := checkBody(body, limit); err != nil {
				t.Errorf("%s at %d: %v", l.Name, limit, err)
				continue
			}
			if again, _ := Body(p, Options{Limit: limit, Base: "main"}); again != body {
				t.Errorf("%s at %d: two renderings differ", l.Name, limit)
			}
			if err := checkPriorities(p, body, limit); err != nil {
				t.Errorf("%s at %d: %v", l.Name, limit, err)
			}
			if limit == GitHubLimit {
				if strings.Contains(body, "more lines; run `flake-unify plan`") {
					cut++
				}
				if strings.Contains(body, "```mermaid") {
					graphsShown++
				}
			}
		}
	}
	if planned < 120 {
		t.Errorf("only %d corpus locks planned", planned)
	}
	t.Logf("%d plans × %d limits; at %d characters %d lock diffs were cut, %d bodies show graphs", planned, len(limits), GitHubLimit, cut, graphsShown)
}

// checkPriorities checks that a lower-priority part never shows at the cost
// of a higher one: nothing after a table cut short, and no graphs reduced
// to their note where they would have fitted in the room the diffs took.
func checkPriorities(p *unify.Plan, body string, limit int) error {
	cutTable := strings.Contains(body, "; run `flake-unify plan` to list them")
	if cutTable && (strings.Contains(body, "### nixpkgs copies") || strings.Contains(body, "<details>")) {
		return errors.New("a table is cut, and yet graphs or diffs are shown")
	}
	if i := strings.Index(body, "The graphs of the copies ("); i >= 0 {
		// Room the graphs had: their note, the diffs after them, and what
		// is left free.
		start := strings.Index(body, "### nixpkgs copies")
		end := strings.Index(body, "### Reproduce")
		room := runes(body[start:end]) + limit - runes(body)
		if f := graphs(p).fit(room); strings.Contains(f, "```mermaid") {
			return fmt.Errorf("graphs of %d runes reduced to a note, though %d runes were there for them", runes(f), room)
		}
	}
	return nil
}

// BenchmarkBody renders the body of the largest corpus lock's plan (424
// nodes, 79 redirects, a 5,600-line lock) at GitHub's limit; the plan is
// made once.
func BenchmarkBody(b *testing.B) {
	var lock []byte
	for _, l := range corpus.Locks(b) {
		if l.Name == "input-output-hk__cardano-world" {
			lock = l.Data
		}
	}
	if lock == nil {
		b.Fatal("input-output-hk__cardano-world is not in the corpus")
	}
	p := mustPlan(b, unify.Files{Lock: lock}, unify.Options{LockOnly: true})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Body(p, Options{Base: "main"}); err != nil {
			b.Fatal(err)
		}
	}
}
