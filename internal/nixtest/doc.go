// Package nixtest is the shared test infrastructure for running real Nix in
// tests: it finds the Nix binaries available (Debian bookworm's 2.8 on PATH and
// a current one named by FLAKE_UNIFY_NIX_NEW), builds small universes of local
// git flakes with reproducible revisions, and runs Nix on them hermetically
// (private HOME, store, configuration and flake registry per universe).
//
// flake-unify's contract is "Nix is the judge": its output must be what Nix
// itself writes, for Nix 2.8 and for current Nix. So tests that exercise that
// contract run once per available Nix version, usually through EachVersion.
//
// When a Nix is missing the tests skip, except under CI=true, where a missing
// Nix (either version) fails the test: CI must never go green by skipping the
// tests that matter most.
//
// A typical test:
//
//	func TestSomething(t *testing.T) {
//		nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
//			u := nixtest.NewUniverse(t)
//			u.SpecLeaves() // nixpkgs, nixpkgs2, a, b, c, d (see leaves.go)
//			root, _ := u.Flake("root", `{
//	  inputs.a.url = "{{a}}";
//	  inputs.nixpkgs.url = "{{nixpkgs}}";
//	  outputs = { self, ... }: { };
//	}`)
//			base := nix.Lock(t, root) // Nix's lock, bytes
//			u.Commit(root)
//			u.SetFlake(root, …) // add a follows, commit
//			got := nix.Lock(t, root)
//			want := nixtest.ParseLock(t, base).SetInput("a", "nixpkgs", []string{"nixpkgs"}).…Bytes()
//			nixtest.SameBytes(t, "lock", got, want)
//			if err := nix.UpToDate(t, root); err != nil { … } // nix flake lock --no-update-lock-file
//		})
//	}
//
// Dependencies with their own committed flake.lock pinning older nixpkgs:
// create a stand-in with u.Nixpkgs("nixpkgs"), point the registry at it with
// u.Registry("nixpkgs", np.URL), make releases with np.Release("nixos-23.11",
// nixtest.Date(2023, 12, 1)), lock and commit the dependency, then release
// again before locking the root (see TestUniverseRegistryBranchesAndPinnedDependencies).
package nixtest
