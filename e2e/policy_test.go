package e2e

import (
	"fmt"
	"sort"
	"strings"
)

// The policy model: from the original lock, the options and the Nix version,
// what must every nixpkgs input path look like after apply? It is written
// from the rules for choosing the common node (the strategies, --to, --keep,
// --per-branch, as `flake-unify plan --help` states them) and knows nothing
// of the tool's code. The only thing it takes from the tool is which depth ≥ 3 paths the
// tool reported it cannot redirect on Nix < 2.30 (the design allows hoisting
// or reporting); any other report is itself a finding.

// rule is the expectation for one nixpkgs input path of the original lock
// (reached through string edges).
type rule struct {
	path    []string
	origKey string
	keep    bool   // must still be exactly the original node
	why     string // why it is kept, or "merge"
	group   string // --per-branch group ("" otherwise)
	alias   bool   // a follows path of the original lock to the node of another rule
}

func (r rule) String() string { return strings.Join(r.path, "/") }

type target struct {
	key    string // key of the target node in the original lock
	decl   string // the follows string a person would write ("nixpkgs", "a/nixpkgs")
	holder string // the string path that holds the node ("nixpkgs", "a/nixpkgs")
}

type policyModel struct {
	cls     classifier
	rules   []rule
	targets map[string]target // by group
	count   int               // nixpkgs nodes expected after apply
	before  int               // nixpkgs nodes before
	merges  int               // paths expected to change
}

func (m *policyModel) describe() string {
	var b strings.Builder
	for _, g := range sortedKeys(m.targets) {
		t := m.targets[g]
		fmt.Fprintf(&b, "target[%s] = %s (%s); ", g, t.holder, t.key)
	}
	for _, r := range m.rules {
		fmt.Fprintf(&b, "%s: %s; ", r, r.why)
	}
	fmt.Fprintf(&b, "copies %d → %d", m.before, m.count)
	return b.String()
}

// mergeable: a node the policy may merge or choose as target.
func mergeable(n *lockNode) bool { return !n.noFlake && !n.pinned() }

func buildModel(orig *lockFile, cls classifier, opts options, newNix bool, reported []string) (*policyModel, []string) {
	var problems []string
	m := &policyModel{cls: cls, targets: map[string]target{}}
	rep := map[string]bool{}
	for _, r := range reported {
		rep[strings.Join(splitPath(r), "/")] = true
	}
	var keeps [][]string
	for _, k := range append(append([]string{}, opts.Keep...), opts.CommentKeep...) {
		keeps = append(keeps, splitPath(k))
	}
	for _, sp := range orig.stringPaths() {
		n := orig.nodes[sp.key]
		if !cls.isNixpkgs(n) {
			continue
		}
		m.before++
		r := rule{path: sp.path, origKey: sp.key, why: "merge"}
		if opts.PerBranch {
			r.group = n.branch()
		}
		switch {
		case len(sp.path) == 1:
			r.keep, r.why = true, "root input"
		case n.noFlake:
			r.keep, r.why = true, "flake = false"
		case n.pinned():
			r.keep, r.why = true, "pinned rev"
		}
		for _, k := range keeps {
			if !r.keep && hasPrefix(sp.path, k) {
				r.keep, r.why = true, "--keep"
			}
		}
		m.rules = append(m.rules, r)
	}
	groups := map[string]bool{}
	for _, r := range m.rules {
		if !r.keep || r.why == "root input" {
			groups[r.group] = true
		}
	}
	// Targets.
	if opts.To != "" {
		k, err := orig.resolve(splitPath(opts.To))
		if err != nil {
			return nil, []string{fmt.Sprintf("--to %s: %v", opts.To, err)}
		}
		m.targets[""] = target{key: k, decl: opts.To, holder: holderOf(orig, k)}
	} else {
		for g := range groups {
			root := orig.nodes[orig.root]
			var names []string
			for _, name := range sortedKeys(root.inputs) {
				k, err := orig.resolve([]string{name})
				if err != nil {
					continue
				}
				n := orig.nodes[k]
				// the root's own choice may pin a rev; it must be a flake
				if cls.isNixpkgs(n) && !n.noFlake && (!opts.PerBranch || n.branch() == g) {
					names = append(names, name)
				}
			}
			sort.SliceStable(names, func(i, j int) bool { return names[i] == "nixpkgs" && names[j] != "nixpkgs" })
			if len(names) > 0 {
				k, _ := orig.resolve([]string{names[0]})
				m.targets[g] = target{key: k, decl: names[0], holder: holderOf(orig, k)}
				continue
			}
			// The newest candidate, followed by its existing path.
			var best *rule
			for i := range m.rules {
				r := &m.rules[i]
				if r.keep || r.group != g {
					continue
				}
				if best == nil || orig.nodes[r.origKey].lastModified() > orig.nodes[best.origKey].lastModified() ||
					(orig.nodes[r.origKey].lastModified() == orig.nodes[best.origKey].lastModified() && len(r.path) < len(best.path)) {
					best = r
				}
			}
			if best != nil {
				m.targets[g] = target{key: best.origKey, decl: best.String(), holder: best.String()}
			}
		}
	}
	m.followLines(orig, cls, opts)
	// Depth ≥ 3 on Nix < 2.30: hoisted (then merged) or reported.
	for i := range m.rules {
		r := &m.rules[i]
		name := r.String()
		if rep[name] {
			delete(rep, name)
			if r.keep || len(r.path) < 3 || newNix {
				problems = append(problems, fmt.Sprintf("the tool reports it cannot redirect %s, but the policy says %s (depth %d, Nix ≥ 2.30: %v)", name, r.why, len(r.path), newNix))
				continue
			}
			r.keep, r.why = true, "reported (depth ≥ 3 on Nix < 2.30)"
		}
	}
	// A reported path that is not a string path (a follows reaching a
	// reported node) is fine; anything else is not.
	for _, name := range sortedKeys(rep) {
		k, err := orig.resolve(splitPath(name))
		ok := false
		for _, r := range m.rules {
			ok = ok || (err == nil && r.origKey == k && strings.HasPrefix(r.why, "reported"))
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("the tool reports it cannot redirect %s, which is no reported nixpkgs node of the lock", name))
		}
	}
	// Follows paths already in the original lock (declared by the root, a
	// dependency or a dependency's lock) share the fate of their node: to
	// a kept node they must stay, to a merged node they must end at the
	// target.
	byKey := map[string]rule{}
	for _, r := range m.rules {
		byKey[r.origKey] = r
	}
	for _, sp := range append([]strPath{{key: orig.root}}, orig.stringPaths()...) {
		n := orig.nodes[sp.key]
		for _, name := range sortedKeys(n.inputs) {
			if _, ok := n.inputs[name].([]string); !ok {
				continue
			}
			p := append(append([]string{}, sp.path...), name)
			k, err := orig.resolve(p)
			if err != nil {
				problems = append(problems, fmt.Sprintf("original lock: %s: %v", strings.Join(p, "/"), err))
				continue
			}
			if r, ok := byKey[k]; ok {
				r.path, r.alias = p, true
				r.why += " (follows " + strings.Join(n.inputs[name].([]string), "/") + ")"
				m.rules = append(m.rules, r)
			}
		}
	}
	// The count: every kept path stays a node of its own; every target adds
	// one unless a kept path already holds it.
	heldByKeep := map[string]bool{}
	for _, r := range m.rules {
		if r.alias {
			continue
		}
		if r.keep {
			m.count++
			heldByKeep[r.origKey] = true
		} else if r.origKey != m.targets[r.group].key {
			m.merges++
		}
	}
	used := map[string]bool{}
	for _, r := range m.rules {
		if !r.keep && !r.alias {
			used[r.group] = true
		}
	}
	for g, t := range m.targets {
		if !heldByKeep[t.key] && (used[g] || opts.To != "") {
			m.count++
		}
	}
	return m, problems
}

// lineOf is the release line a branch (original.ref) names, as the
// design lists them, for the branches these universes use: nixos-YY.MM →
// YY.MM, nixos-unstable and master → unstable; no ref names no line.
func lineOf(branch string) string {
	switch {
	case branch == "nixos-unstable" || branch == "master":
		return "unstable"
	case strings.HasPrefix(branch, "nixos-") && len(branch) == len("nixos-23.11") && branch[8] == '.':
		return strings.TrimPrefix(branch, "nixos-")
	}
	return ""
}

// followLines applies the release-line rule (follow, the default): a copy
// on a line the root has an input of its own on follows that input — one
// with the copy's branch first, then the main target, then "nixpkgs",
// then by name — instead of the main target; under separate a copy that
// would still cross lines is kept. Not with --to, --per-branch or merge.
func (m *policyModel) followLines(orig *lockFile, cls classifier, opts options) {
	if opts.To != "" || opts.PerBranch || opts.Lines == "merge" {
		return
	}
	main, ok := m.targets[""]
	if !ok {
		return
	}
	type rootIn struct {
		name, key, branch, line string
	}
	var roots []rootIn
	root := orig.nodes[orig.root]
	for _, name := range sortedKeys(root.inputs) {
		k, err := orig.resolve([]string{name})
		if err != nil {
			continue
		}
		n := orig.nodes[k]
		if cls.isNixpkgs(n) && !n.noFlake {
			ref := n.str(n.original, "ref")
			roots = append(roots, rootIn{name, k, ref, lineOf(ref)})
		}
	}
	mainLine := lineOf(orig.nodes[main.key].str(orig.nodes[main.key].original, "ref"))
	for i := range m.rules {
		r := &m.rules[i]
		if r.keep {
			continue
		}
		n := orig.nodes[r.origKey]
		ref := n.str(n.original, "ref")
		line := lineOf(ref)
		if line == "" {
			continue
		}
		var best *rootIn
		rank := func(x *rootIn) int {
			switch {
			case x.branch == ref:
				return 0
			case x.key == main.key:
				return 1
			case x.name == "nixpkgs":
				return 2
			}
			return 3
		}
		for j := range roots {
			x := &roots[j]
			if x.line != line {
				continue
			}
			if best == nil || rank(x) < rank(best) {
				best = x
			}
		}
		switch {
		case best == nil && opts.Lines == "separate" && mainLine != "" && mainLine != line:
			r.keep, r.why = true, "release line "+line+" (separate)"
		case best != nil && best.key != main.key:
			g := "line:" + best.name
			r.group, r.why = g, "merge into the root's "+best.name+" (release line "+line+")"
			m.targets[g] = target{key: best.key, decl: best.name, holder: holderOf(orig, best.key)}
		}
	}
}

// holderOf is the string path holding node key (Nix writes one per node).
func holderOf(l *lockFile, key string) string {
	for _, sp := range l.stringPaths() {
		if sp.key == key {
			return sp.String()
		}
	}
	return ""
}
