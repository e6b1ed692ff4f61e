package nixtest_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// "Up to date" is semantic. Formatting, key names,
// version 5/6, garbage nodes and a missing newline are not differences: Nix
// accepts such a file and leaves it byte for byte as it is (so it never
// repairs a wrongly named file — byte identity is flake-unify's job).
// Versions other than 5–7 are refused; a changed edge is rewritten.
func TestFactWhatIsAndIsNotADifference(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		text := withDecls(`inputs.a.inputs.nixpkgs.follows = "nixpkgs";`)
		root, _ := u.Flake("root", text)
		canon, _ := relock(t, nix, u, root, text)
		wantEdges(t, "canonical", canon, `a: {"nixpkgs":["nixpkgs"]}
b: {"nixpkgs":"nixpkgs"}
nixpkgs: {}
nixpkgs_2: {}
root: {"a":"a","b":"b","nixpkgs":"nixpkgs_2"}
`)
		doc := func() *nixtest.LockDoc { return nixtest.ParseLock(t, canon) }
		var minified, indented4 bytes.Buffer
		if err := json.Compact(&minified, canon); err != nil {
			t.Fatal(err)
		}
		if err := json.Indent(&indented4, minified.Bytes(), "", "    "); err != nil {
			t.Fatal(err)
		}
		v5 := doc().SetVersion(5)
		for _, key := range v5.Keys() {
			n := v5.Node(key)
			locked, ok := n["locked"].(map[string]any)
			if !ok {
				continue
			}
			info := map[string]any{}
			for _, f := range []string{"narHash", "lastModified", "revCount"} {
				info[f] = locked[f]
				delete(locked, f)
			}
			n["info"] = info
		}
		extra := doc()
		extra.Raw()["nodes"].(map[string]any)["zzz"] = doc().Node("nixpkgs_2")

		kept := []struct {
			name string
			lock []byte
		}{
			{"7a minified", minified.Bytes()},
			{"7b four-space indent", indented4.Bytes()},
			{"7c node key nixpkgs_2 renamed to zzz", doc().RenameNode("nixpkgs_2", "zzz").Bytes()},
			{"7d version 6", doc().SetVersion(6).Bytes()},
			{"7e version 5 with info split out", v5.Bytes()},
			{"7j extra unreachable node", extra.Bytes()},
			{"7k no trailing newline", bytes.TrimSuffix(canon, []byte("\n"))},
		}
		for _, tc := range kept {
			u.SetLock(root, tc.lock)
			if err := nix.UpToDate(t, root); err != nil {
				t.Errorf("%s: not accepted as up to date: %v", tc.name, err)
				continue
			}
			nix.Lock(t, root)
			nixtest.SameBytes(t, tc.name+": file after nix flake lock (left as is)", u.ReadFile(root, "flake.lock"), tc.lock)
		}

		for _, version := range []int{4, 8} {
			lock := doc().SetVersion(version).Bytes()
			u.SetLock(root, lock)
			msg := "has unsupported version " + string(rune('0'+version))
			wantFails(t, "--no-update-lock-file on an unsupported version", nix.UpToDate(t, root), msg)
			_, _, err := nix.Run(t, root, "flake", "lock")
			wantFails(t, "nix flake lock on an unsupported version", err, msg)
			nixtest.SameBytes(t, "unsupported version: file untouched", u.ReadFile(root, "flake.lock"), lock)
		}

		rewritten := []struct {
			name string
			lock []byte
		}{
			{"7h a/nixpkgs as a shared node key instead of a follows", doc().SetInput("a", "nixpkgs", "nixpkgs_2").Bytes()},
			{"7i root input turned into an undeclared follows", doc().SetInput("root", "nixpkgs", []string{"b", "nixpkgs"}).DeleteNode("nixpkgs_2").Bytes()},
		}
		for _, tc := range rewritten {
			u.SetLock(root, tc.lock)
			wantFails(t, tc.name, nix.UpToDate(t, root), noUpdateMsg)
			nixtest.SameBytes(t, tc.name+": rewritten to canonical", nix.Lock(t, root), canon)
		}
	})
}
