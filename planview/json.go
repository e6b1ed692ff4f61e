package planview

import (
	"strings"

	"github.com/flake-unify/flake-unify/diffview"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/unify"
)

// PlanJSON is the --json document.
type PlanJSON struct {
	Nothing    bool           `json:"nothingToDo"`
	Target     *TargetJSON    `json:"target"`
	Targets    []TargetJSON   `json:"targets"`
	Redirects  []RedirectJSON `json:"redirects"`
	Kept       []KeptJSON     `json:"kept"`
	Decls      []DeclJSON     `json:"declarations"`
	Summary    SummaryJSON    `json:"summary"`
	NixVersion *string        `json:"nixVersion"` // null when it did not matter
	Warnings   []string       `json:"warnings"`
	Stale      []StaleJSON    `json:"staleFollows,omitempty"`
	Diff       DiffJSON       `json:"diff"`
}

// NodeJSON describes a node in Nix's vocabulary.
type NodeJSON struct {
	Node         string   `json:"node"`
	Class        string   `json:"class"`
	Source       string   `json:"source"`
	URL          string   `json:"url"`
	Ref          string   `json:"ref,omitempty"`
	PinnedRev    string   `json:"pinnedRev,omitempty"`
	Rev          string   `json:"rev,omitempty"`
	LastModified uint64   `json:"lastModified,omitempty"`
	Flake        *bool    `json:"flake,omitempty"`
	Paths        []string `json:"paths"`
	Input        string   `json:"input,omitempty"` // the identity, with --input/--all
	// The node's Nix store path and whether it is present (plan --store),
	// or why that cannot be told, as graph --store gives them.
	StorePath string `json:"storePath,omitempty"`
	InStore   *bool  `json:"inStore,omitempty"`
	StoreWhy  string `json:"storeWhy,omitempty"`
}

type TargetJSON struct {
	NodeJSON
	Follows string `json:"follows"` // the spelling declarations use
	Why     string `json:"why"`
	Branch  string `json:"branch,omitempty"` // the group under --per-branch
	// ForReleaseLine is the release line it is the target for, when the
	// root has inputs on several.
	ForReleaseLine string `json:"forReleaseLine,omitempty"`
}

type RedirectJSON struct {
	NodeJSON
	Path     string `json:"path"`
	Declared string `json:"declared"` // the path flake.nix declares: the same as Path

	Follows     string `json:"follows"`
	Declaration string `json:"declaration"`
	// CrossesReleaseLine is "24.05 → unstable" when the redirect takes the
	// copy to another release line.
	CrossesReleaseLine string `json:"crossesReleaseLine,omitempty"`
	// Caches are the binary caches of the dependency it belongs to, as the
	// store told them; absent when the store was not asked.
	Caches *CachesJSON `json:"caches,omitempty"`
}

// CachesJSON is what a dependency's flake.nix says about binary caches:
// known is "declared", "none" or "unknown" (then why says why).
type CachesJSON struct {
	Known string   `json:"known"`
	URLs  []string `json:"urls,omitempty"`
	Why   string   `json:"why,omitempty"`
}

// DownloadsJSON is what the flake as planned needs fetched on this machine.
type DownloadsJSON struct {
	Absent  int `json:"absent"`
	Unknown int `json:"unknown"`
}

// StaleJSON is a follows declaration that no longer does anything.
type StaleJSON struct {
	Path    string `json:"path"`
	Follows string `json:"follows"`
	Line    int    `json:"line"`
	Why     string `json:"why"`
	Removed bool   `json:"removed"`
}

type KeptJSON struct {
	NodeJSON
	Reason unify.KeepReason `json:"reason"`
	Why    string           `json:"why"`
}

type DeclJSON struct {
	Path    string `json:"path"`
	Follows string `json:"follows"`
	Why     string `json:"why"`
}

type SummaryJSON struct {
	CopiesBefore    int `json:"copiesBefore"`
	CopiesAfter     int `json:"copiesAfter"`
	RevisionsBefore int `json:"distinctRevisionsBefore"`
	RevisionsAfter  int `json:"distinctRevisionsAfter"`
	NodesBefore     int `json:"nodesBefore"`
	NodesAfter      int `json:"nodesAfter"`
	NodesRemoved    int `json:"nodesRemoved"`
	LockBytesBefore int `json:"lockBytesBefore"`
	LockBytesAfter  int `json:"lockBytesAfter"`
	Redirected      int `json:"redirected"`
	Kept            int `json:"kept"`
	// Distinct nixpkgs sources (locked narHash): downloads, store paths.
	SourcesBefore  int `json:"sourcesBefore"`
	SourcesAfter   int `json:"sourcesAfter"`
	SourcesRemoved int `json:"sourcesRemoved"`
	// Downloads: the sources the result needs fetched on this machine.
	Downloads *DownloadsJSON     `json:"downloads,omitempty"`
	Inputs    []InputSummaryJSON `json:"inputs,omitempty"`
}

// InputSummaryJSON are one identity's numbers (--input, --all).
type InputSummaryJSON struct {
	Input          string `json:"input"`
	CopiesBefore   int    `json:"copiesBefore"`
	CopiesAfter    int    `json:"copiesAfter"`
	SourcesBefore  int    `json:"sourcesBefore"`
	SourcesAfter   int    `json:"sourcesAfter"`
	SourcesRemoved int    `json:"sourcesRemoved"`
}

type DiffJSON struct {
	Flake string `json:"flake.nix"`
	Lock  string `json:"flake.lock"`
}

func nodeJSON(n *unify.NodeInfo) NodeJSON {
	j := NodeJSON{Node: n.Key, Class: n.Class.String(), Source: n.Source, URL: n.URL, Ref: n.Branch, PinnedRev: n.PinnedRev,
		Rev: n.Rev, LastModified: n.LastModified, Paths: make([]string, len(n.Paths)), Input: n.Input}
	if n.NotFlake {
		f := false
		j.Flake = &f
	}
	for i, p := range n.Paths {
		j.Paths[i] = p.String()
	}
	return j
}

// JSON returns the --json document.
func JSON(p *unify.Plan) PlanJSON {
	j := PlanJSON{Nothing: p.Nothing(), Targets: []TargetJSON{}, Redirects: []RedirectJSON{}, Kept: []KeptJSON{},
		Decls: []DeclJSON{}, Warnings: append([]string{}, p.Warnings...)}
	for i := range p.Targets {
		t := &p.Targets[i]
		j.Targets = append(j.Targets, TargetJSON{NodeJSON: nodeJSON(&t.NodeInfo), Follows: t.Spelling.String(), Why: t.Why, Branch: t.Group, ForReleaseLine: t.ForLine})
	}
	if len(j.Targets) > 0 {
		j.Target = &j.Targets[0]
	}
	for i := range p.Redirects {
		r := &p.Redirects[i]
		j.Redirects = append(j.Redirects, RedirectJSON{NodeJSON: nodeJSON(&r.NodeInfo), Path: r.Path.String(),
			Declared: r.Path.String(), Follows: r.Target.String(), Declaration: r.Declaration(),
			CrossesReleaseLine: strings.TrimPrefix(r.Crossing(), "crosses release line "), Caches: cachesJSON(r)})
	}
	for i := range p.Kept {
		k := &p.Kept[i]
		j.Kept = append(j.Kept, KeptJSON{NodeJSON: nodeJSON(&k.NodeInfo), Reason: k.Reason, Why: k.Why})
	}
	for i := range p.Stale {
		s := &p.Stale[i]
		j.Stale = append(j.Stale, StaleJSON{Path: s.Path.String(), Follows: s.Follows, Line: s.Pos.Line, Why: s.Why, Removed: s.Removed})
	}
	for _, d := range p.Declarations {
		j.Decls = append(j.Decls, DeclJSON{Path: d.Path.String(), Follows: d.Target.String(), Why: d.Why})
	}
	s := p.Summary
	j.Summary = SummaryJSON{CopiesBefore: s.CopiesBefore, CopiesAfter: s.CopiesAfter, RevisionsBefore: s.RevisionsBefore,
		RevisionsAfter: s.RevisionsAfter, NodesBefore: s.NodesBefore, NodesAfter: s.NodesAfter, NodesRemoved: s.NodesRemoved(),
		LockBytesBefore: s.LockBytesBefore, LockBytesAfter: s.LockBytesAfter, Redirected: s.Redirected, Kept: s.Kept,
		SourcesBefore: s.SourcesBefore, SourcesAfter: s.SourcesAfter, SourcesRemoved: s.SourcesRemoved()}
	for _, in := range s.Inputs {
		j.Summary.Inputs = append(j.Summary.Inputs, InputSummaryJSON{Input: in.Input, CopiesBefore: in.CopiesBefore, CopiesAfter: in.CopiesAfter,
			SourcesBefore: in.SourcesBefore, SourcesAfter: in.SourcesAfter, SourcesRemoved: in.SourcesBefore - in.SourcesAfter})
	}
	if d := s.Downloads; d != nil {
		j.Summary.Downloads = &DownloadsJSON{Absent: d.Absent, Unknown: d.Unknown}
	}
	if p.NixNeeded {
		v := p.Nix.String()
		j.NixVersion = &v
	}
	if p.FlakeChanged() {
		j.Diff.Flake = string(diffview.Unified("a/flake.nix", "b/flake.nix", p.Files.Flake, p.NewFlake))
	}
	if p.LockChanged() {
		j.Diff.Lock = string(diffview.Unified("a/flake.lock", "b/flake.lock", p.Files.Lock, p.NewLock))
	}
	return j
}

func cachesJSON(r *unify.Redirect) *CachesJSON {
	if !r.CachesAsked() {
		return nil
	}
	c := &CachesJSON{Known: r.Caches.Known.String(), Why: r.Caches.Why}
	for _, d := range r.Caches.Own() {
		c.URLs = append(c.URLs, d.Value)
	}
	return c
}

// MarkStore gives every target, redirect and kept node its store path
// and presence from srcs (by key of the canonical old lock, as
// nixstore.Store.Sources answers).
func (j *PlanJSON) MarkStore(srcs map[string]nixstore.Source) {
	mark := func(n *NodeJSON) {
		src, ok := srcs[n.Node]
		if !ok {
			n.StoreWhy = "no locked source"
			return
		}
		in := src.InStore
		n.StorePath, n.InStore, n.StoreWhy = src.Path, &in, src.Why
	}
	for i := range j.Targets {
		mark(&j.Targets[i].NodeJSON)
	}
	if len(j.Targets) > 0 {
		j.Target = &j.Targets[0]
	}
	for i := range j.Redirects {
		mark(&j.Redirects[i].NodeJSON)
	}
	for i := range j.Kept {
		mark(&j.Kept[i].NodeJSON)
	}
}
