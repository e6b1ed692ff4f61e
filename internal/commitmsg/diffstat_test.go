package commitmsg

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gittest"
)

// edit makes a new version of text by deleting, inserting and changing
// random lines, the way a lock rewrite does.
func edit(rng *rand.Rand, lines []string, n int) []string {
	out := append([]string(nil), lines...)
	for range n {
		i := rng.IntN(len(out) + 1)
		switch rng.IntN(3) {
		case 0:
			if i < len(out) {
				out = append(out[:i], out[i+1:]...)
			}
		case 1:
			out = append(out[:i], append([]string{fmt.Sprintf("  \"new\": %d,", rng.IntN(1000))}, out[i:]...)...)
		default:
			if i < len(out) {
				out[i] = fmt.Sprintf("  \"rev\": \"%x\",", rng.Uint64())
			}
		}
	}
	return out
}

func lockLines(rng *rand.Rand, n int) []string {
	var ls []string
	for i := range n {
		ls = append(ls, fmt.Sprintf("  \"node%d\": {\"rev\": \"%x\"},", i, rng.Uint64()%7))
	}
	return ls
}

// TestLineCounts compares the counts with git's on random edits, with and
// without a final newline.
func TestLineCounts(t *testing.T) {
	gittest.Hermetic(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	cases := [][2]string{{"", ""}, {"", "a\n"}, {"a\n", ""}, {"a", "a\n"}, {"a\nb", "a\nb\n"}, {"x\n", "x\n"}}
	for range 40 {
		old := lockLines(rng, 1+rng.IntN(300))
		newer := edit(rng, old, rng.IntN(40))
		o, n := strings.Join(old, "\n"), strings.Join(newer, "\n")
		if rng.IntN(2) == 0 {
			o += "\n"
		}
		if rng.IntN(2) == 0 {
			n += "\n"
		}
		cases = append(cases, [2]string{o, n})
	}
	r := &gittest.Repo{T: t, Dir: dir}
	for i, c := range cases {
		a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		gittest.WriteFile(t, a, c[0])
		gittest.WriteFile(t, b, c[1])
		out, _ := r.TryGit("diff", "--no-index", "--numstat", "a", "b") // exit 1 on differences
		wantAdd, wantDel := 0, 0
		if out != "" {
			fmt.Sscanf(out, "%d\t%d", &wantAdd, &wantDel)
		}
		if add, del := LineCounts([]byte(c[0]), []byte(c[1])); add != wantAdd || del != wantDel {
			t.Errorf("case %d: +%d -%d, git says +%d -%d", i, add, del, wantAdd, wantDel)
		}
	}
}

// TestRenderStat compares the rendering with `git diff --stat=72` for small
// and large changes (where git scales the graph) and long paths (where it
// abbreviates them).
func TestRenderStat(t *testing.T) {
	gittest.Hermetic(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name  string
		paths []string
		sizes []int // lines in the original
		edits []int
	}{
		{"one line", []string{"flake.lock"}, []int{3}, []int{1}},
		{"two files", []string{"flake.nix", "flake.lock"}, []int{20, 200}, []int{2, 30}},
		{"scaled", []string{"flake.nix", "flake.lock"}, []int{30, 2000}, []int{3, 400}},
		{"subdirectory", []string{"hosts/desktop/flake.nix", "hosts/desktop/flake.lock"}, []int{30, 900}, []int{1, 120}},
		{"long path", []string{"very/long/directory/names/that/do/not/fit/into/the/stat/width/at/all/flake.lock", "very/long/directory/names/that/do/not/fit/into/the/stat/width/at/all/flake.nix"}, []int{100, 10}, []int{60, 1}},
		{"long name, no slash", []string{strings.Repeat("x", 80) + ".lock"}, []int{10}, []int{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			olds := map[string]string{}
			news := map[string]string{}
			for i, p := range tc.paths {
				old := lockLines(rng, tc.sizes[i])
				olds[p] = strings.Join(old, "\n") + "\n"
				news[p] = strings.Join(edit(rng, old, tc.edits[i]), "\n") + "\n"
				files[p] = olds[p]
			}
			r := gittest.NewRepo(t, files)
			var stats []FileStat
			for _, p := range tc.paths {
				r.Write(p, news[p])
				add, del := LineCounts([]byte(olds[p]), []byte(news[p]))
				stats = append(stats, FileStat{p, add, del})
			}
			r.Git("add", "-A")
			r.Git("commit", "-q", "-m", "x")
			SortStats(stats)
			want := r.Git("diff", "--stat=72", "HEAD^", "HEAD") + "\n"
			if got := renderStat(stats, 72); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestMessage(t *testing.T) {
	stats := []FileStat{{"flake.lock", 3, 2}}
	for _, tc := range []struct{ body, want string }{
		{"", "s\n\n flake.lock | 5 +++--\n 1 file changed, 3 insertions(+), 2 deletions(-)\n"},
		{"a\nb\n\n\n", "s\n\na\nb\n\n flake.lock | 5 +++--\n 1 file changed, 3 insertions(+), 2 deletions(-)\n"},
	} {
		got, err := Message(" s ", tc.body, stats)
		if err != nil || got != tc.want {
			t.Errorf("Message(%q) = %q, %v; want %q", tc.body, got, err, tc.want)
		}
	}
}
