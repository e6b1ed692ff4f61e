package diffview

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// bigLock returns a flake.lock-shaped file of about lines lines: many
// nodes, each with inputs, locked and original attributes.
func bigLock(lines int) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"nodes\": {\n")
	for i := 0; b.Len() < lines*33; i++ { // ~33 bytes per line
		fmt.Fprintf(&b, `    "node%06d": {
      "inputs": {
        "nixpkgs": "nixpkgs_%d"
      },
      "locked": {
        "lastModified": %d,
        "narHash": "sha256-%043d=",
        "owner": "owner%d",
        "repo": "repo%d",
        "rev": "%040x",
        "type": "github"
      },
      "original": {
        "owner": "owner%d",
        "repo": "repo%d",
        "type": "github"
      }
    },
`, i, i, 1700000000+i, i, i, i, i*7919, i, i)
	}
	b.WriteString("    \"root\": {}\n  },\n  \"root\": \"root\",\n  \"version\": 7\n}\n")
	return []byte(b.String())
}

// editLock makes the kind of change flake-unify makes: a few string edges
// replaced by follows arrays, a node deleted, a rev bumped.
func editLock(old []byte) []byte {
	s := string(old)
	for _, i := range []int{100, 2000, 4500} {
		s = strings.Replace(s, fmt.Sprintf(`"nixpkgs": "nixpkgs_%d"`, i),
			"\"nixpkgs\": [\n          \"nixpkgs\"\n        ]", 1)
	}
	start := strings.Index(s, `    "node003000": {`)
	end := strings.Index(s, `    "node003001": {`)
	s = s[:start] + s[end:]
	s = strings.Replace(s, fmt.Sprintf(`"rev": "%040x"`, 5000*7919), `"rev": "0123456789abcdef0123456789abcdef01234567"`, 1)
	return []byte(s)
}

func lineCount(b []byte) int { return bytes.Count(b, []byte("\n")) }

func TestBigLock(t *testing.T) {
	old := bigLock(100000)
	new := editLock(old)
	if n := lineCount(old); n < 100000 {
		t.Fatalf("only %d lines", n)
	}
	d := Unified("a/f", "b/f", old, new)
	checkApplies(t, old, new, d, false)
	if n := strings.Count(string(d), "\n@@ "); n != 5 {
		t.Errorf("%d hunks, want 5:\n%s", n, d)
	}
	if testing.Short() {
		return
	}
	requireTool(t, "diff")
	if gnu := gnuDiff(t, t.TempDir(), old, new); !bytes.Equal(d, gnu) {
		t.Errorf("differs from diff -u:\n%s\ndiff -u:\n%s", d, gnu)
	}
}

func BenchmarkUnified100kFewHunks(b *testing.B) {
	old := bigLock(100000)
	new := editLock(old)
	b.SetBytes(int64(len(old)))
	b.ReportAllocs()
	for b.Loop() {
		Unified("a/flake.lock", "b/flake.lock", old, new)
	}
}

func BenchmarkStat100kFewHunks(b *testing.B) {
	old := bigLock(100000)
	new := editLock(old)
	b.ReportAllocs()
	for b.Loop() {
		Stat(old, new)
	}
}

// Every 100th line changed: about 1000 hunks.
func BenchmarkUnified100kManyHunks(b *testing.B) {
	old := bigLock(100000)
	ls := strings.SplitAfter(string(old), "\n")
	for i := 50; i < len(ls)-1; i += 100 {
		ls[i] = "changed\n"
	}
	new := []byte(strings.Join(ls, ""))
	b.ReportAllocs()
	for b.Loop() {
		Unified("a/flake.lock", "b/flake.lock", old, new)
	}
}

func BenchmarkColorize100kFewHunks(b *testing.B) {
	old := bigLock(100000)
	d := Unified("a/flake.lock", "b/flake.lock", old, editLock(old))
	b.ReportAllocs()
	for b.Loop() {
		Colorize(d)
	}
}

// The worst case for the line diff: no line in common (all of a 20,000-line
// file rewritten).
func BenchmarkUnified20kRewrite(b *testing.B) {
	old := bigLock(20000)
	new := bytes.ReplaceAll(old, []byte("\n"), []byte(" \n"))
	b.ReportAllocs()
	for b.Loop() {
		Unified("a/flake.lock", "b/flake.lock", old, new)
	}
}

// The lock diff plan prints for the largest corpus lock (424 nodes): its
// re-keyed lock differs from the old one in about 1,600 lines spread over
// the whole file, the deepest search the corpus asks of the line diff.
func BenchmarkUnifiedLargestPlan(b *testing.B) {
	old, new := largestPlan(b)
	b.ReportAllocs()
	for b.Loop() {
		Unified("a/flake.lock", "b/flake.lock", old, new)
	}
}

// The line diff proper of the same lock diff, on the line classes Unified
// hands it: on one goroutine, and sharing the work with the other cores
// (the halves of a bisection, and the backward walk in lockstep).
func BenchmarkLineDiffLargestPlan(b *testing.B) {
	old, new := largestPlan(b)
	ka, kb := kept(splitLines(string(old)), splitLines(string(new)))
	for _, c := range []struct {
		name string
		sh   func() sharing
	}{
		{"alone", func() sharing { return sharing{cores: newCores(0)} }},
		{"shared", share},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := newMyers(ka, kb, c.sh())
				m.run()
			}
		})
	}
}
