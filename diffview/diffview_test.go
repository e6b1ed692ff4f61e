package diffview

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestUnifiedTable(t *testing.T) {
	requireTool(t, "diff")
	requireTool(t, "patch")
	ten := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	tests := []struct {
		name     string
		old, new string
		want     string // hunks only; "" means no diff at all
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"both empty", "", "", ""},
		{"from empty", "", "a\nb\n", "@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\n", "", "@@ -1 +0,0 @@\n-a\n"},
		{"from empty, one line, no newline", "", "a", "@@ -0,0 +1 @@\n+a\n\\ No newline at end of file\n"},
		{"newline added", "a", "a\n", "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"},
		{"newline removed", "x\na\n", "x\na", "@@ -1,2 +1,2 @@\n x\n-a\n+a\n\\ No newline at end of file\n"},
		{"no newline in context", "a\nb\nc", "x\nb\nc", "@@ -1,3 +1,3 @@\n-a\n+x\n b\n c\n\\ No newline at end of file\n"},
		{"crlf kept", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n", "@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n"},
		{"crlf to lf", "a\r\n", "a\n", "@@ -1 +1 @@\n-a\r\n+a\n"},
		{"lone cr at end", "a\r\n", "a\r", "@@ -1 +1 @@\n-a\r\n+a\r\n\\ No newline at end of file\n"},
		{"one line insert in middle", ten, strings.Replace(ten, "5\n", "5\nx\n", 1),
			"@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+x\n 6\n 7\n 8\n"},
		{"single line range at start", "a\nb\n", "b\n", "@@ -1,2 +1 @@\n-a\n b\n"},
		{"gap of 6 merges", ten + "11\n12\n", strings.Replace(strings.Replace(ten+"11\n12\n", "2\n", "two\n", 1), "9\n", "nine\n", 1),
			"@@ -1,12 +1,12 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n 10\n 11\n 12\n"},
		{"gap of 7 splits", ten + "11\n12\n13\n", strings.Replace(strings.Replace(ten+"11\n12\n13\n", "2\n", "two\n", 1), "10\n", "ten\n", 1),
			"@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n"},
		{"insert into a run of equal lines goes last", "a\nx\nx\nb\n", "a\nx\nx\nx\nb\n", "@@ -1,4 +1,5 @@\n a\n x\n x\n+x\n b\n"},
		{"delete from a run of equal lines goes last", "a\nx\nx\nx\nb\n", "a\nx\nx\nb\n", "@@ -1,5 +1,4 @@\n a\n x\n x\n-x\n b\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Unified("a/f", "b/f", []byte(tc.old), []byte(tc.new))
			want := ""
			if tc.want != "" {
				want = "--- a/f\n+++ b/f\n" + tc.want
			}
			if string(got) != want {
				t.Errorf("Unified:\n%s\nwant:\n%s", got, want)
			}
			gnu := gnuDiff(t, t.TempDir(), []byte(tc.old), []byte(tc.new))
			if string(got) != string(gnu) {
				t.Errorf("differs from diff -u:\n%s\ndiff -u:\n%s", got, gnu)
			}
			checkApplies(t, []byte(tc.old), []byte(tc.new), got, true)
		})
	}
}

// checkApplies checks that diff turns old into new, with the Go applier
// and, if withPatch, with patch(1); and that Stat agrees with the diff.
func checkApplies(t testing.TB, old, new, diff []byte, withPatch bool) {
	t.Helper()
	res, err := applyUnified(old, diff)
	if err != nil {
		t.Fatalf("apply: %v\nold %q\nnew %q\ndiff:\n%s", err, old, new, diff)
	}
	if !bytes.Equal(res, new) {
		t.Fatalf("apply gives %q, want %q\ndiff:\n%s", res, new, diff)
	}
	if withPatch && len(diff) > 0 {
		res, err := patchApply(t, t.TempDir(), old, diff)
		if err != nil {
			t.Fatalf("%v\nold %q\nnew %q\ndiff:\n%s", err, old, new, diff)
		}
		if !bytes.Equal(res, new) {
			t.Fatalf("patch gives %q, want %q\ndiff:\n%s", res, new, diff)
		}
	}
	a, r := Stat(old, new)
	wa, wr := countPlusMinus(diff)
	if a != wa || r != wr {
		t.Fatalf("Stat = +%d -%d, diff has +%d -%d", a, r, wa, wr)
	}
}

// TestLocks diffs real flake.lock edits (an input's string edge replaced by
// a follows array, a node deleted and another renamed, a locked rev bumped)
// and compares with the output of GNU diff kept in testdata, with diff -u
// run now, and with patch. Variants with CRLF lines and without the final
// newline are derived from each pair.
func TestLocks(t *testing.T) {
	requireTool(t, "diff")
	requireTool(t, "patch")
	for _, name := range []string{"hydra", "deploy-rs"} {
		old := readTestdata(t, "locks/"+name+".old.lock")
		new := readTestdata(t, "locks/"+name+".new.lock")
		golden := readTestdata(t, "locks/"+name+".diff")
		t.Run(name, func(t *testing.T) {
			got := Unified("a/flake.lock", "b/flake.lock", old, new)
			if !bytes.Equal(got, golden) {
				t.Errorf("Unified:\n%s\ngolden (GNU diff):\n%s", got, golden)
			}
			checkApplies(t, old, new, got, true)
			if a, r := Stat(old, new); a == 0 || r == 0 {
				t.Errorf("Stat = +%d -%d", a, r)
			}
		})
		variants := map[string]func([]byte) []byte{
			"crlf":          func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) },
			"no-final-eol":  func(b []byte) []byte { return bytes.TrimSuffix(b, []byte("\n")) },
			"reverse":       nil,
			"old-empty":     nil,
			"crlf-old-only": nil,
		}
		for v, f := range variants {
			t.Run(name+"/"+v, func(t *testing.T) {
				o, n := old, new
				switch v {
				case "reverse":
					o, n = new, old
				case "old-empty":
					o = nil
				case "crlf-old-only":
					o = variants["crlf"](old)
				default:
					o, n = f(old), f(new)
				}
				got := Unified("a/f", "b/f", o, n)
				if gnu := gnuDiff(t, t.TempDir(), o, n); !bytes.Equal(got, gnu) {
					t.Errorf("Unified:\n%s\ndiff -u:\n%s", got, gnu)
				}
				checkApplies(t, o, n, got, true)
			})
		}
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// randomPair makes an old file from a small alphabet of lines (so that equal
// lines repeat and diffs are ambiguous) and a new one by random line edits.
// Line ends are LF, CRLF or mixed; either file may lack its final newline,
// and either may be empty.
func randomPair(r *rand.Rand, k int) (old, new []byte) {
	eol := func() string {
		switch r.IntN(8) {
		case 0:
			return "\r\n"
		default:
			return "\n"
		}
	}
	crlfFile := r.IntN(4) == 0
	line := func() string {
		e := eol()
		if crlfFile {
			e = "\r\n"
		}
		if r.IntN(10) == 0 {
			return e // empty line
		}
		return "l" + strconv.Itoa(r.IntN(k)) + e
	}
	n := r.IntN(40)
	if r.IntN(10) == 0 {
		n = 0
	}
	lines := make([]string, n)
	for i := range lines {
		lines[i] = line()
	}
	nl := append([]string(nil), lines...)
	edits := r.IntN(6)
	if r.IntN(10) == 0 {
		edits = 30
	}
	for e := 0; e < edits; e++ {
		p := r.IntN(len(nl) + 1)
		switch r.IntN(3) {
		case 0: // insert 1-3 lines
			for c := r.IntN(3) + 1; c > 0; c-- {
				nl = append(nl[:p], append([]string{line()}, nl[p:]...)...)
			}
		case 1: // delete 1-3 lines
			c := min(r.IntN(3)+1, len(nl)-p)
			nl = append(nl[:p], nl[p+c:]...)
		case 2: // replace
			if p < len(nl) {
				nl[p] = line()
			}
		}
	}
	if r.IntN(10) == 0 {
		nl = nil
	}
	join := func(ls []string) []byte {
		b := []byte(strings.Join(ls, ""))
		if r.IntN(4) == 0 {
			b = bytes.TrimSuffix(b, []byte("\n"))
		}
		return b
	}
	return join(lines), join(nl)
}

// TestAgainstGNUDiffAndPatch checks, for many generated pairs, that the diff
// turns old into new (with the Go applier always, with patch(1) for a share
// of them, as starting patch is slow), and compares it with GNU diff -u.
//
// Both are minimal diffs normalised the same way (changes slid down over
// equal lines), so they mostly agree byte for byte. They differ when several
// different sets of lines make a longest common subsequence (e.g. "x y" to
// "y x": keep x or keep y) and go-diff's and GNU diff's Myers searches pick
// different ones; GNU diff also discards lines that occur very often before
// searching, which changes its choice again. That is not sliding, so no
// normalisation of ours can undo it short of porting GNU's search. With the
// pairs here, about 7% differ, nearly all of them files of a few distinct,
// much repeated lines. Where they differ we require that ours applies
// (Go applier and patch) and is no larger than GNU's; so far it always has
// exactly the same number of added and removed lines.
func TestAgainstGNUDiffAndPatch(t *testing.T) {
	requireTool(t, "diff")
	requireTool(t, "patch")
	n := 1000
	if testing.Short() {
		n = 200
	}
	r := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	differ, smaller := 0, 0
	alphabets := []int{1, 2, 3, 5, 20, 1000}
	differK := map[int]int{}
	for i := 0; i < n; i++ {
		k := alphabets[r.IntN(len(alphabets))]
		old, new := randomPair(r, k)
		got := Unified("a/f", "b/f", old, new)
		checkApplies(t, old, new, got, i%4 == 0)
		gnu := gnuDiff(t, dir, old, new)
		if bytes.Equal(got, gnu) {
			continue
		}
		differ++
		differK[k]++
		ga, gr := countPlusMinus(gnu)
		a, r := Stat(old, new)
		if a+r > ga+gr {
			t.Fatalf("our diff is larger than GNU's (+%d -%d vs +%d -%d)\nold %q\nnew %q\nours:\n%s\nGNU:\n%s", a, r, ga, gr, old, new, got, gnu)
		}
		if a+r < ga+gr {
			smaller++
		}
		if differ <= 3 {
			t.Logf("differs from diff -u (ours +%d -%d, GNU +%d -%d)\nold %q\nnew %q\nours:\n%s\nGNU:\n%s", a, r, ga, gr, old, new, got, gnu)
		}
	}
	t.Logf("differing, by number of distinct lines: %v", differK)
	t.Logf("%d pairs: %d identical to diff -u, %d differ (%d of them smaller than GNU's)", n, n-differ, differ, smaller)
	// About 7% differ, nearly all with only a handful of distinct lines
	// (see the log); more would mean the normalisation broke.
	if differ*100 > 12*n {
		t.Errorf("more than 12%% of diffs differ from diff -u: %d of %d", differ, n)
	}
}

func TestStat(t *testing.T) {
	for _, tc := range []struct {
		old, new   string
		add, remov int
	}{
		{"", "", 0, 0},
		{"a\n", "a\n", 0, 0},
		{"", "a\nb\n", 2, 0},
		{"a\nb\n", "", 0, 2},
		{"a\nb\nc\n", "a\nx\nc\ny\n", 2, 1},
		{"a", "a\n", 1, 1},
	} {
		a, r := Stat([]byte(tc.old), []byte(tc.new))
		if a != tc.add || r != tc.remov {
			t.Errorf("Stat(%q, %q) = %d, %d; want %d, %d", tc.old, tc.new, a, r, tc.add, tc.remov)
		}
	}
}

func ExampleUnified() {
	old := []byte("{\n  \"inputs\": {\n    \"nixpkgs\": \"nixpkgs_2\"\n  }\n}\n")
	new := []byte("{\n  \"inputs\": {\n    \"nixpkgs\": [\n      \"nixpkgs\"\n    ]\n  }\n}\n")
	fmt.Printf("%s", Unified("a/flake.lock", "b/flake.lock", old, new))
	// Output:
	// --- a/flake.lock
	// +++ b/flake.lock
	// @@ -1,5 +1,7 @@
	//  {
	//    "inputs": {
	// -    "nixpkgs": "nixpkgs_2"
	// +    "nixpkgs": [
	// +      "nixpkgs"
	// +    ]
	//    }
	//  }
}
