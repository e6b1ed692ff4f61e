// Package planview presents a unify.Plan to people and programs: the
// summary and diff that plan and apply print, the --json document, the
// commit title, branch name and redirect lines. It only reads the plan.
package planview

import (
	"fmt"
	"io"
	"strings"

	"github.com/flake-unify/flake-unify/diffview"
	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/unify"
)

// Diff is the unified diff of both files (flake.nix first), with the
// headers a/<name> and b/<name> so that `patch -p1` applies it in the
// flake's directory. Empty when nothing changes.
func Diff(p *unify.Plan) []byte {
	return DiffFrom(p, nil)
}

// DiffFrom is Diff, its lock diff starting from lock, the old lock as
// diffview.Prepare read it ahead (while the plan was made). A lock
// prepared from other bytes than the plan's old lock is not used.
func DiffFrom(p *unify.Plan, lock *diffview.Old) []byte {
	var out []byte
	if p.FlakeChanged() {
		out = append(out, diffview.Unified("a/flake.nix", "b/flake.nix", p.Files.Flake, p.NewFlake)...)
	}
	if p.LockChanged() {
		var d []byte
		if old := p.Files.Lock; lock != nil && sameBytes(lock.Bytes(), old) {
			d = lock.Unified("a/flake.lock", "b/flake.lock", p.NewLock)
		} else {
			d = diffview.Unified("a/flake.lock", "b/flake.lock", old, p.NewLock)
		}
		if out == nil {
			return d // the lock's diff alone: not copied
		}
		out = append(out, d...)
	}
	return out
}

// sameBytes reports whether a and b are the same bytes in memory, not
// merely equal ones.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Summary writes the human summary: target, the table of redirected
// inputs (path, branch, rev, date → target), the kept nodes with their
// reasons, the numbers and warnings. With nothing to do it says so.
func Summary(w io.Writer, p *unify.Plan) error {
	var b strings.Builder
	b.Grow(1024 + 160*(len(p.Redirects)+len(p.Kept))) // about a line each
	if p.Nothing() {
		fmt.Fprintf(&b, "nothing to do: %d nixpkgs %s", p.Summary.CopiesBefore, words.Plural(p.Summary.CopiesBefore, "copy", "copies"))
		b.WriteString("\n")
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		label := "target"
		switch {
		case t.ForLine != "":
			label = "target for release line " + t.ForLine
		case t.Input != "" && t.Group != "":
			label = "target for " + t.Input + " " + t.Group
		case t.Input != "":
			label = "target for " + t.Input
		case t.Group != "" || (len(p.Targets) > 1 && p.Options.PerBranch):
			label = "target for " + unify.GroupName(t.Group)
		}
		fmt.Fprintf(&b, "%s: %s (%s) — %s\n", label, t.Spelling, Label(&t.NodeInfo), t.Why)
	}
	if len(p.Redirects) > 0 {
		fmt.Fprintf(&b, "redirected %d %s:\n", len(p.Redirects), words.Plural(len(p.Redirects), "input", "inputs"))
		tw := newTable(1 + len(p.Redirects))
		tw.add("  INPUT", "BRANCH", "REV", "DATE", "  TARGET")
		for i := range p.Redirects {
			r := &p.Redirects[i]
			cross := ""
			if c := r.Crossing(); c != "" {
				cross = " (" + c + ")"
			}
			tw.add("  "+r.Path.String(), dash(r.Branch), dash(lockview.ShortRev(r.Rev)), dash(lockview.Date(r.LastModified)), "→ "+r.Target.String()+cross)
		}
		tw.write(&b)
		for _, l := range CachesLines(p) {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	if len(p.Kept) > 0 {
		fmt.Fprintf(&b, "kept %d:\n", len(p.Kept))
		for i := range p.Kept {
			k := &p.Kept[i]
			fmt.Fprintf(&b, "  %s (%s): %s\n", pathsText(k.Paths), Label(&k.NodeInfo), k.Why)
		}
	}
	if len(p.Stale) > 0 {
		fmt.Fprintf(&b, "stale follows in %s:\n", p.Files.FlakeName)
		for i := range p.Stale {
			s := &p.Stale[i]
			verb := "stays (prune = true or --prune removes it)"
			if s.Removed {
				verb = "removed"
			}
			fmt.Fprintf(&b, "  %s:%s: %s — %s; %s\n", p.Files.FlakeName, s.Pos, strings.TrimSuffix(s.Declaration(), ";"), s.Why, verb)
		}
	}
	if !p.Nothing() {
		fmt.Fprintf(&b, "summary: %s\n", SummaryLine(p))
		if len(p.Summary.Inputs) == 0 {
			// What the user's machine saves: each distinct source is a
			// download and a store path (the per-identity lines below say
			// the same for each selected source).
			fmt.Fprintf(&b, "  nixpkgs: %s\n", removesText(p.Summary.SourcesBefore, p.Summary.SourcesAfter))
		}
		if d := DownloadsText(p); d != "" {
			fmt.Fprintf(&b, "  this machine: %s\n", d)
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
	return fmt.Sprintf("removes %d source %s/store %s (%d → %d)", n, words.Plural(n, "download", "downloads"), words.Plural(n, "path", "paths"), before, after)
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

// Label is "branch shortrev date" (as lockview.Label), with "pinned" for a
// copy whose original names a revision and "flake=false" for a non-flake.
func Label(n *unify.NodeInfo) string {
	var parts []string
	pinned := ""
	if n.PinnedRev != "" {
		pinned = "pinned"
	}
	for _, s := range []string{n.Branch, pinned, lockview.ShortRev(n.Rev), lockview.Date(n.LastModified)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if n.NotFlake {
		parts = append(parts, "flake=false")
	}
	return strings.Join(parts, " ")
}

// RedirectLines are one line per redirect, for a commit message or a pull
// request: "a/nixpkgs (nixos-23.11 abcdef1 2023-12-01) → nixpkgs".
func RedirectLines(p *unify.Plan) []string {
	out := make([]string, 0, len(p.Redirects))
	for i := range p.Redirects {
		r := &p.Redirects[i]
		s := r.Path.String()
		if l := Label(&r.NodeInfo); l != "" {
			s += " (" + l + ")"
		}
		s += " → " + r.Target.String()
		if c := r.Crossing(); c != "" {
			s += " (" + c + ")"
		}
		out = append(out, s)
	}
	return out
}

// SummaryLine is the summary in one line:
// "nixpkgs copies 5 → 1, revisions 3 → 1, 12 nodes removed, flake.lock 20.1 KiB → 8.3 KiB".
func SummaryLine(p *unify.Plan) string {
	s := p.Summary
	return fmt.Sprintf("nixpkgs copies %d → %d, distinct revisions %d → %d, %d %s removed, lock %s → %s",
		s.CopiesBefore, s.CopiesAfter, s.RevisionsBefore, s.RevisionsAfter,
		s.NodesRemoved(), words.Plural(s.NodesRemoved(), "node", "nodes"), size(s.LockBytesBefore), size(s.LockBytesAfter))
}

func size(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/1024)
}
