// Package corpus gives tests the project's corpus of real flake.lock files
// (shared/corpus beside the repository, or $FLAKE_UNIFY_CORPUS) with the
// facts recorded about each in MANIFEST.tsv.
package corpus

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// Lock is one corpus file and its MANIFEST.tsv row.
type Lock struct {
	Name             string // file stem
	Path             string // absolute path of the .flake.lock
	Data             []byte
	Version          int
	NodeCount        int
	NixpkgsLikeNodes int // MANIFEST's nixpkgs_like_nodes
	NixpkgsDistinct  int
	FollowsEdges     int
	UnreachableNodes int
	Notes            []string
}

// HasNote reports whether the manifest tags the file with note (or a note
// that starts with note + ":").
func (l *Lock) HasNote(note string) bool {
	for _, n := range l.Notes {
		if n == note || strings.HasPrefix(n, note+":") {
			return true
		}
	}
	return false
}

// Dir returns the corpus directory. Outside CI a missing corpus skips the
// test; under CI=true it fails it.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("FLAKE_UNIFY_CORPUS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		c := filepath.Join(d, "shared", "corpus")
		if fi, err := os.Stat(filepath.Join(c, "MANIFEST.tsv")); err == nil && !fi.IsDir() {
			return c
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	testenv.Missing(t, "corpus not found (shared/corpus beside the repository, or set FLAKE_UNIFY_CORPUS)")
	return ""
}

// Locks loads every corpus lock with its manifest row.
func Locks(t testing.TB) []*Lock {
	t.Helper()
	dir := Dir(t)
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var cols map[string]int
	var out []*Lock
	for sc.Scan() {
		row := strings.Split(sc.Text(), "\t")
		if cols == nil {
			cols = map[string]int{}
			for i, c := range row {
				cols[c] = i
			}
			continue
		}
		get := func(c string) string {
			i, ok := cols[c]
			if !ok || i >= len(row) {
				t.Fatalf("MANIFEST.tsv: no column %q in row %v", c, row)
			}
			return row[i]
		}
		num := func(c string) int {
			n, err := strconv.Atoi(get(c))
			if err != nil {
				t.Fatalf("MANIFEST.tsv: %s of %s: %v", c, get("name"), err)
			}
			return n
		}
		l := &Lock{
			Name:             get("name"),
			Version:          num("lock_version"),
			NodeCount:        num("node_count"),
			NixpkgsLikeNodes: num("nixpkgs_like_nodes"),
			NixpkgsDistinct:  num("nixpkgs_distinct"),
			FollowsEdges:     num("follows_edges"),
			UnreachableNodes: num("unreachable_nodes"),
		}
		if n := get("notes"); n != "" {
			l.Notes = strings.Split(n, ";")
		}
		l.Path = filepath.Join(dir, "locks", l.Name+".flake.lock")
		if l.Data, err = os.ReadFile(l.Path); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal(fmt.Sprintf("no locks in %s", dir))
	}
	return out
}
