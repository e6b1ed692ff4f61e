package e2e

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// generate draws a universe from seed: a DAG of 3–4 levels of dependency
// flakes (level 1 = the root's inputs), each with its own stand-in nixpkgs on
// various branches and dates, some under other names, some flake = false,
// pinned or forked, some with follows of their own, some locked (committed
// flake.lock) at an older epoch than the root; a root with nixpkgs (or
// stable + unstable, or pkgs, or none), some follows already present, in one
// of the styles. The same seed gives the same spec.
func generate(seed int64) *spec {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	p := func(x float64) bool { return r.Float64() < x }
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	s := &spec{Style: style(r.IntN(int(numStyles)))}

	const epochs = 3
	branches := []string{unstable, stable, "master"}
	repos := []string{"main"}
	if p(0.4) {
		repos = append(repos, "other")
	}
	type rb struct{ repo, branch string }
	var used []rb
	for _, repo := range repos {
		for _, b := range branches {
			used = append(used, rb{repo, b})
		}
	}
	for e := range epochs {
		for _, u := range used {
			if e == 0 || p(0.6) {
				s.Releases = append(s.Releases, rel(u.repo, u.branch, e))
			}
		}
	}
	forkUsed := false
	ref := func(allowOdd bool) *npRef {
		n := &npRef{Repo: repos[r.IntN(len(repos))], Branch: pick(unstable, unstable, stable, "master", "")}
		switch {
		case n.Repo == "main" && !allowOdd && p(0.4), n.Repo == "main" && allowOdd && p(0.35):
			n.Indirect = true
		case allowOdd && p(0.08):
			n.Pin = true
			if n.Branch == "" {
				n.Branch = unstable
			}
		case allowOdd && p(0.08):
			n.NoFlake = true
		case allowOdd && p(0.05):
			n.Repo, n.Indirect = "fork", false
			forkUsed = true
		}
		return n
	}

	levels := 3 + r.IntN(2) // nixpkgs paths up to depth levels
	perLevel := make([][]string, levels)
	id := 0
	for lvl := levels - 1; lvl >= 1; lvl-- {
		n := 1 + r.IntN(3)
		if lvl == levels-1 {
			n = 1 + r.IntN(2)
		}
		for range n {
			id++
			name := fmt.Sprintf("d%d", id)
			if p(0.2) {
				name = "tool-" + name
			}
			perLevel[lvl] = append(perLevel[lvl], name)
		}
	}
	// children of each dependency: every dependency of a level below 1 has at
	// least one parent one level up, some have two (a diamond).
	children := map[string][]string{}
	for lvl := 2; lvl < levels; lvl++ {
		for _, c := range perLevel[lvl] {
			parents := perLevel[lvl-1]
			first := parents[r.IntN(len(parents))]
			children[first] = append(children[first], c)
			if len(parents) > 1 && p(0.3) {
				for _, q := range parents {
					if q != first {
						children[q] = append(children[q], c)
						break
					}
				}
			}
		}
	}
	epochOf := map[string]int{}
	npNames := []string{"nixpkgs", "nixpkgs", "nixpkgs", "pkgs", "nixpkgs-stable", "nixpkgs-unstable", "np"}
	flakeNP := map[string][]string{} // dependency → names of its flake (not flake = false) nixpkgs inputs
	for lvl := levels - 1; lvl >= 1; lvl-- {
		for _, name := range perLevel[lvl] {
			d := flakeSpec{Name: name, Locked: p(0.6)}
			for _, c := range children[name] {
				d.Epoch = max(d.Epoch, epochOf[c])
			}
			if d.Epoch < epochs-1 && p(0.4) {
				d.Epoch++
			}
			nn := 1
			if p(0.25) {
				nn = 2
			}
			if len(children[name]) > 0 && p(0.15) {
				nn = 0 // only through its dependencies
			}
			var taken []string
			for range nn {
				nm := npNames[r.IntN(len(npNames))]
				for slices.Contains(taken, nm) {
					nm = npNames[r.IntN(len(npNames))]
				}
				taken = append(taken, nm)
				in := input{Name: nm, NP: ref(true)}
				d.Inputs = append(d.Inputs, in)
				if !in.NP.NoFlake && in.NP.Repo != "fork" {
					flakeNP[name] = append(flakeNP[name], nm)
				}
			}
			for _, c := range children[name] {
				d.Inputs = append(d.Inputs, dep(c))
				// follows already present in the dependency's own flake.nix
				if len(flakeNP[name]) > 0 && len(flakeNP[c]) > 0 && p(0.3) {
					d.Overrides = append(d.Overrides, override{c + "/" + flakeNP[c][0], flakeNP[name][0]})
				}
			}
			epochOf[name] = d.Epoch
			s.Deps = append(s.Deps, d)
		}
	}
	// The root.
	root := flakeSpec{Epoch: epochs - 1}
	for _, c := range perLevel[1] {
		root.Inputs = append(root.Inputs, dep(c))
	}
	hasNixpkgs := false
	switch x := r.Float64(); {
	case x < 0.38:
		root.Inputs = append(root.Inputs, input{Name: "nixpkgs", NP: ref(false)})
		hasNixpkgs = true
	case x < 0.45: // only named in the outputs' formals: flake:nixpkgs
		root.Inputs = append(root.Inputs, implicit("nixpkgs"))
		hasNixpkgs = true
	case x < 0.7: // stable + unstable on purpose
		root.Inputs = append(root.Inputs,
			input{Name: "nixpkgs", NP: &npRef{Repo: "main", Branch: unstable, Indirect: p(0.5)}},
			input{Name: "nixpkgs-stable", NP: &npRef{Repo: "main", Branch: stable}})
		hasNixpkgs = true
	case x < 0.8:
		root.Inputs = append(root.Inputs, input{Name: "pkgs", NP: ref(false)})
	default: // no nixpkgs of its own: the newest candidate is the target
	}
	for i, c := range perLevel[1] {
		if len(flakeNP[c]) == 0 {
			continue
		}
		switch x := r.Float64(); {
		case hasNixpkgs && x < 0.25:
			root.Overrides = append(root.Overrides, override{c + "/" + flakeNP[c][0], "nixpkgs"})
		case x < 0.4 && i > 0 && len(flakeNP[perLevel[1][0]]) > 0:
			// a user's follows into another dependency
			o := perLevel[1][0]
			root.Overrides = append(root.Overrides, override{c + "/" + flakeNP[c][0], o + "/" + flakeNP[o][0]})
		}
	}
	if p(0.15) {
		c := perLevel[1][r.IntN(len(perLevel[1]))]
		if len(flakeNP[c]) > 0 && p(0.5) {
			c += "/" + flakeNP[c][0]
		}
		s.Opts.Keep = []string{c}
	}
	if forkUsed { // the fork has every branch
		for _, b := range branches {
			s.Releases = append(s.Releases, rel("fork", b, 0))
		}
	}
	r.Shuffle(len(root.Inputs), func(i, j int) { root.Inputs[i], root.Inputs[j] = root.Inputs[j], root.Inputs[i] })
	s.Root = root
	return s
}
