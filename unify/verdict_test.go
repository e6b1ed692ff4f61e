package unify

import (
	"reflect"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// TestVerdictCorpus: over every readable corpus lock, with nixpkgs alone
// and with --all, a Verdict plan (from a lock the caller parsed) decides
// exactly as the full plan: same answer, targets, redirects, kept copies,
// declarations and before-figures; only the new lock is left unbuilt.
func TestVerdictCorpus(t *testing.T) {
	n, changed := 0, 0
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		for _, all := range []bool{false, true} {
			files := Files{LockName: "flake.lock", Lock: c.Data}
			full, err := Make(files, Options{LockOnly: true, All: all})
			if err != nil {
				t.Errorf("%s: %v", c.Name, err)
				continue
			}
			l, err := lockgraph.Parse(files.LockName, files.Lock)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			if err := l.Check(); err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			files.Parsed = l
			v, err := Make(files, Options{LockOnly: true, All: all, Verdict: true})
			if err != nil {
				t.Errorf("%s: verdict: %v", c.Name, err)
				continue
			}
			n++
			if v.Nothing() != full.Nothing() || v.LockChanged() != full.LockChanged() {
				t.Errorf("%s (all %v): verdict says nothing=%v, the full plan %v", c.Name, all, v.Nothing(), full.Nothing())
			}
			if !full.Nothing() {
				changed++
				if v.NewLock != nil {
					t.Errorf("%s: verdict built the new lock", c.Name)
				}
			}
			same := func(what string, a, b any) {
				if !reflect.DeepEqual(a, b) {
					t.Errorf("%s (all %v): verdict's %s differ:\n%v\nfull:\n%v", c.Name, all, what, a, b)
				}
			}
			same("targets", v.Targets, full.Targets)
			same("redirects", v.Redirects, full.Redirects)
			same("kept", v.Kept, full.Kept)
			same("declarations", v.Declarations, full.Declarations)
			same("stale", v.Stale, full.Stale)
			same("warnings", v.Warnings, full.Warnings)
			s, fs := v.Summary, full.Summary
			same("before-figures", [6]int{s.CopiesBefore, s.RevisionsBefore, s.SourcesBefore, s.NodesBefore, s.Redirected, s.Kept},
				[6]int{fs.CopiesBefore, fs.RevisionsBefore, fs.SourcesBefore, fs.NodesBefore, fs.Redirected, fs.Kept})
		}
	}
	t.Logf("%d plans, %d with changes", n, changed)
	if n < 200 || changed == 0 {
		t.Errorf("only %d plans, %d with changes", n, changed)
	}
}

// Make checks the lock it reads itself (a caller's Files.Parsed comes
// checked): a follows to nothing is refused with its position.
func TestMakeChecksFollows(t *testing.T) {
	lock := `{
  "nodes": {
    "a": {
      "inputs": {
        "nixpkgs": [
          "nope"
        ]
      },
      "locked": {
        "lastModified": 1,
        "narHash": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "owner": "o",
        "repo": "a",
        "rev": "0000000000000000000000000000000000000000",
        "type": "github"
      },
      "original": {
        "owner": "o",
        "repo": "a",
        "type": "github"
      }
    },
    "root": {
      "inputs": {
        "a": "a"
      }
    }
  },
  "root": "root",
  "version": 7
}
`
	_, err := Make(Files{LockName: "flake.lock", Lock: []byte(lock)}, Options{LockOnly: true})
	if err == nil || !strings.Contains(err.Error(), "flake.lock:5:9: broken follows 'a/nixpkgs' -> 'nope'") {
		t.Fatalf("Make = %v, want the broken follows at flake.lock:5:9", err)
	}
}
