package nixtest

// The leaf flakes the facts tests build on: two distinct fake nixpkgs, two
// flakes that each bring one, and a chain d → c → nixpkgs2 for the deeper
// cases, with {{name}} URLs.
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

// SpecLeaves creates the standard leaves: nixpkgs and nixpkgs2 (two distinct
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
