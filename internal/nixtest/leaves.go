package nixtest

// The leaf flakes of the spec's experiments (nix-lock-semantics.md, Appendix A.1
// setup_leaves, plus c and d of E03/E04), so tests can be written as the
// experiments are. Their texts are the spec's, with {{name}} URLs.
const (
	LeafNixpkgs  = `{ description = "fake nixpkgs";   outputs = { self }: { lib = "np"; }; }`
	LeafNixpkgs2 = `{ description = "another nixpkgs"; outputs = { self }: { lib = "np2"; }; }`
	LeafA        = `{ description = "a";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, nixpkgs }: { }; }`
	LeafB = `{ description = "b";
  inputs.nixpkgs.url = "{{nixpkgs2}}";
  outputs = { self, nixpkgs }: { }; }`
	LeafC = `{ description = "c";
  inputs.nixpkgs.url = "{{nixpkgs2}}";
  outputs = { self, nixpkgs }: { }; }`
	LeafD = `{ description = "d";
  inputs.c.url = "{{c}}";
  outputs = { self, c }: { }; }`
)

// SpecLeaves creates the spec's leaves: nixpkgs and nixpkgs2 (two distinct
// fake nixpkgs), a (nixpkgs → nixpkgs), b (nixpkgs → nixpkgs2), c (nixpkgs →
// nixpkgs2) and d (c → c).
func (u *Universe) SpecLeaves() {
	u.t.Helper()
	u.Flake("nixpkgs", LeafNixpkgs)
	u.Flake("nixpkgs2", LeafNixpkgs2)
	u.Flake("a", LeafA)
	u.Flake("b", LeafB)
	u.Flake("c", LeafC)
	u.Flake("d", LeafD)
}
