package unify

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/flake-unify/flake-unify/diffview"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
)

// Diff is the unified diff of both files (flake.nix first), with the
// headers a/<name> and b/<name> so that `patch -p1` applies it in the
// flake's directory. Empty when nothing changes.
func (p *Plan) Diff() []byte {
	var out []byte
	if p.FlakeChanged() {
		out = append(out, diffview.Unified("a/flake.nix", "b/flake.nix", p.Files.Flake, p.NewFlake)...)
	}
	if p.LockChanged() {
		out = append(out, diffview.Unified("a/flake.lock", "b/flake.lock", p.Files.Lock, p.NewLock)...)
	}
	return out
}

// WriteSummary writes the human summary: target, the table of redirected
// inputs (path, branch, rev, date → target), the kept nodes with their
// reasons, hoisted inputs, the numbers and warnings. With nothing to do it
// says so.
func (p *Plan) WriteSummary(w io.Writer) error {
	var b strings.Builder
	if p.Nothing() {
		fmt.Fprintf(&b, "nothing to do: %d nixpkgs %s", p.Summary.CopiesBefore, plural(p.Summary.CopiesBefore, "copy", "copies"))
		b.WriteString("\n")
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		label := "target"
		switch {
		case t.Input != "" && t.Group != "":
			label = "target for " + t.Input + " " + t.Group
		case t.Input != "":
			label = "target for " + t.Input
		case t.Group != "" || len(p.Targets) > 1:
			label = "target for " + groupName(t.Group)
		}
		fmt.Fprintf(&b, "%s: %s (%s) — %s\n", label, t.Spelling, t.Label(), t.Why)
	}
	if len(p.Redirects) > 0 {
		fmt.Fprintf(&b, "redirected %d %s:\n", len(p.Redirects), plural(len(p.Redirects), "input", "inputs"))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  INPUT\tBRANCH\tREV\tDATE\t  TARGET")
		for i := range p.Redirects {
			r := &p.Redirects[i]
			path := r.Path.String()
			if !r.Declared.Equal(r.Path) {
				path += " (as " + r.Declared.String() + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t→ %s\n", path, dash(r.Branch), dash(lockview.ShortRev(r.Rev)), dash(lockview.Date(r.LastModified)), r.Target)
		}
		tw.Flush()
	}
	if len(p.Kept) > 0 {
		fmt.Fprintf(&b, "kept %d:\n", len(p.Kept))
		for i := range p.Kept {
			k := &p.Kept[i]
			fmt.Fprintf(&b, "  %s (%s): %s\n", pathsText(k.Paths), k.Label(), k.Why)
		}
	}
	if !p.Nothing() {
		fmt.Fprintf(&b, "summary: %s\n", p.SummaryLine())
		if len(p.Summary.Inputs) == 0 {
			// What the user's machine saves: each distinct source is a
			// download and a store path (the per-identity lines below say
			// the same for each selected source).
			fmt.Fprintf(&b, "  nixpkgs: %s\n", removesText(p.Summary.SourcesBefore, p.Summary.SourcesAfter))
		}
	}
	// Per identity (only when identities were selected, so that the
	// nixpkgs-only output stays what scripts and people already read).
	for _, in := range p.Summary.Inputs {
		fmt.Fprintf(&b, "  %s: copies %d → %d, %s\n", in.Input, in.CopiesBefore, in.CopiesAfter, removesText(in.SourcesBefore, in.SourcesAfter))
	}
	for _, warn := range p.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", warn)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// removesText says how many source downloads (store paths) go away.
func removesText(before, after int) string {
	n := before - after
	return fmt.Sprintf("removes %d source %s/store %s (%d → %d)", n, plural(n, "download", "downloads"), plural(n, "path", "paths"), before, after)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func pathsText(ps []lockgraph.Path) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

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
}

type TargetJSON struct {
	NodeJSON
	Follows string `json:"follows"` // the spelling declarations use
	Why     string `json:"why"`
	Branch  string `json:"branch,omitempty"` // the group under --per-branch
}

type RedirectJSON struct {
	NodeJSON
	Path        string `json:"path"`
	Declared    string `json:"declared"`
	Follows     string `json:"follows"`
	Declaration string `json:"declaration"`
}

type KeptJSON struct {
	NodeJSON
	Reason KeepReason `json:"reason"`
	Why    string     `json:"why"`
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
	SourcesBefore  int                `json:"sourcesBefore"`
	SourcesAfter   int                `json:"sourcesAfter"`
	SourcesRemoved int                `json:"sourcesRemoved"`
	Inputs         []InputSummaryJSON `json:"inputs,omitempty"`
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

func nodeJSON(n *NodeInfo) NodeJSON {
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
func (p *Plan) JSON() PlanJSON {
	j := PlanJSON{Nothing: p.Nothing(), Targets: []TargetJSON{}, Redirects: []RedirectJSON{}, Kept: []KeptJSON{},
		Decls: []DeclJSON{}, Warnings: append([]string{}, p.Warnings...)}
	for i := range p.Targets {
		t := &p.Targets[i]
		j.Targets = append(j.Targets, TargetJSON{NodeJSON: nodeJSON(&t.NodeInfo), Follows: t.Spelling.String(), Why: t.Why, Branch: t.Group})
	}
	if len(j.Targets) > 0 {
		j.Target = &j.Targets[0]
	}
	for i := range p.Redirects {
		r := &p.Redirects[i]
		j.Redirects = append(j.Redirects, RedirectJSON{NodeJSON: nodeJSON(&r.NodeInfo), Path: r.Path.String(),
			Declared: r.Declared.String(), Follows: r.Target.String(), Declaration: r.Declaration()})
	}
	for i := range p.Kept {
		k := &p.Kept[i]
		j.Kept = append(j.Kept, KeptJSON{NodeJSON: nodeJSON(&k.NodeInfo), Reason: k.Reason, Why: k.Why})
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

// Title names the change in one line, for a commit subject or a pull
// request title: "flake.lock: unify nixpkgs (7 copies → 1)". With
// Options.Inputs or Options.All it names the sources whose copies change,
// nixpkgs first, and counts their copies together:
// "flake.lock: unify nixpkgs and numtide/flake-utils (9 copies → 2)".
func (p *Plan) Title() string {
	s := p.Summary
	names, before, after := []string{"nixpkgs"}, s.CopiesBefore, s.CopiesAfter
	if len(s.Inputs) > 0 {
		names, before, after = nil, 0, 0
		for _, in := range s.Inputs {
			if in.CopiesAfter == in.CopiesBefore {
				continue
			}
			names = append(names, shortSource(in.Input))
			before += in.CopiesBefore
			after += in.CopiesAfter
		}
		if len(names) == 0 { // nothing changes: name what was asked for
			for _, in := range s.Inputs {
				names = append(names, shortSource(in.Input))
				before += in.CopiesBefore
				after += in.CopiesAfter
			}
		}
	}
	return fmt.Sprintf("flake.lock: unify %s (%d %s → %d)", joinNames(names), before, plural(before, "copy", "copies"), after)
}

// BranchName is the default name of the branch apply commits on:
// flake-unify/nixpkgs-<short rev of the target>, or, when only other
// sources change, flake-unify/<first source>-<short rev of its target>.
func (p *Plan) BranchName() string {
	name, rev := "nixpkgs", ""
	if t := p.Target(); t != nil {
		rev = t.Rev
		if t.Input != "" && t.Input != "nixpkgs" {
			name = strings.ReplaceAll(shortSource(t.Input), "/", "-")
		}
	}
	return branchName(name, rev)
}

// branchName is flake-unify/<name>-<first 7 characters of rev, lower
// case>, or flake-unify/<name> without a revision.
func branchName(name, rev string) string {
	rev = strings.ToLower(strings.TrimSpace(rev))
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if rev == "" {
		return "flake-unify/" + name
	}
	return "flake-unify/" + name + "-" + rev
}

// shortSource drops the scheme of a source identity:
// "github:numtide/flake-utils" → "numtide/flake-utils".
func shortSource(id string) string {
	if _, rest, ok := strings.Cut(id, ":"); ok && !strings.HasPrefix(rest, "//") {
		return rest
	}
	return id
}

// joinNames is "a", "a and b", "a, b and c".
func joinNames(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
