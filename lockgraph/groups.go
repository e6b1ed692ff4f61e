package lockgraph

// A Group is every reachable node of one source identity.
type Group struct {
	ID     SourceID
	Copies []Copy // in the order a walk first reaches them
}

// Groups returns the source identities of the lock's reachable nodes with
// their copies, in the order a walk first reaches each identity. Nodes c
// classifies as nixpkgs or nixpkgs-like are left out: they belong to the
// nixpkgs policy (branches unify across channels, forks are reported),
// which a plain identity does not know. Run Check first.
func (l *Lock) Groups(c Classifier) ([]Group, error) {
	var out []Group
	byID := map[SourceID]int{}
	byKey := map[string][2]int{} // key → group, copy
	skip := map[string]bool{l.Root: true}
	var kept paths
	r := resolver{l: l}
	err := l.walk(func(path Path, fromKey string, _ *Node, in *Input) error {
		key, err := r.target(path, fromKey, in)
		if err != nil {
			return err
		}
		if skip[key] {
			return nil
		}
		if at, ok := byKey[key]; ok {
			cp := &out[at[0]].Copies[at[1]]
			cp.Paths = append(cp.Paths, kept.clone(path))
			return nil
		}
		n := l.Nodes[key]
		id, ok := Identify(n)
		if !ok || c.Classify(n).Class != Other {
			skip[key] = true
			return nil
		}
		g, ok := byID[id]
		if !ok {
			g = len(out)
			byID[id] = g
			out = append(out, Group{ID: id})
		}
		cp := newCopy(n, Source{Class: Other, Why: id.String()})
		cp.Branch = id.Ref
		cp.Paths = []Path{kept.clone(path)}
		byKey[key] = [2]int{g, len(out[g].Copies)}
		out[g].Copies = append(out[g].Copies, cp)
		return nil
	}, false)
	return out, err
}
