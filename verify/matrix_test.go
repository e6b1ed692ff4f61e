package verify

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func cand(path, branch, rev, day string) Candidate {
	d, _ := time.Parse("2006-01-02", day)
	return Candidate{Path: lockgraph.ParsePath(path), Key: "k-" + rev, Branch: branch, Rev: rev + "0123456789abcdef0123456789abcdef", LastModified: uint64(d.Unix())}
}

func reports() map[string]*Report {
	return map[string]*Report{
		"chosen": {
			Command: "nix flake check --no-update-lock-file", Timeout: 10 * time.Minute, Order: "newest first", Limit: 3, Untried: 2, chosen: 2,
			Results: []Result{
				{Candidate: cand("a/nixpkgs", "nixos-unstable", "aaaaaaaa", "2024-06-01"), Status: Fail, ExitCode: 1, Duration: 2140 * time.Millisecond,
					Output: []string{"       … while evaluating the attribute 'packages'", "", "       error: attribute 'lib.newThing' missing", "       at /nix/store/x-source/flake.nix:5:3:", "            4|", "(use '--show-trace' to show detailed location information)"}},
				{Candidate: cand("b/c/nixpkgs", "nixos-24.05", "bbbbbbbb", "2024-05-01"), Status: Refused,
					Why: "flake.nix:3:5: cannot declare the follows: the input is not literal"},
				{Candidate: cand("nixpkgs", "nixos-23.11", "cccccccc", "2023-12-01"), Status: Pass, Duration: 1900 * time.Millisecond},
				{Candidate: cand("old/nixpkgs", "", "dddddddd", "2023-01-01"), Status: Skipped},
			},
		},
		"none": {
			Command: "sleep 100", Timeout: 2 * time.Second, Order: "the root's own first, then newest", Limit: 5, chosen: -1,
			Results: []Result{
				{Candidate: cand("nixpkgs", "nixos-23.11", "cccccccc", "2023-12-01"), Status: Timeout, Duration: 2003 * time.Millisecond},
				{Candidate: cand("a/nixpkgs", "nixos-unstable", "aaaaaaaa", "2024-06-01"), Status: Fail, ExitCode: -1, Duration: 50 * time.Millisecond},
			},
		},
	}
}

// TestMatrix renders reports as text and JSON against the golden files
// (go test ./verify -run Matrix -update rewrites them).
func TestMatrix(t *testing.T) {
	for name, r := range reports() {
		t.Run(name, func(t *testing.T) {
			var text bytes.Buffer
			if err := r.WriteMatrix(&text); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".txt", text.Bytes())
			var js bytes.Buffer
			if err := lockview.WriteJSON(&js, r.JSON()); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".json", js.Bytes())
			var back JSON
			if err := json.Unmarshal(js.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			if len(back.Candidates) != len(r.Results) || (back.Chosen == nil) != (r.Chosen() == nil) {
				t.Errorf("JSON round trip: %+v", back)
			}
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (-update rewrites it):\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}
