package unify

import (
	"strings"

	"github.com/flake-unify/flake-unify/flakenix"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
)

// Files are the two files of a flake, as read.
type Files struct {
	LockName string // name used in messages, e.g. "flake.lock" or "sub/flake.lock"
	// Lock is the file as read. It must not be changed once a plan is
	// made from it: the parsed lock reads its strings from these bytes
	// (see lockgraph.Parse).
	Lock      []byte
	FlakeName string
	Flake     []byte // nil: there is no flake.nix (allowed with LockOnly)
	// Parsed is Lock as lockgraph.Parse read it, with Check passed, when
	// the caller already has it (the policy is built from it): Make then
	// reads the lock once instead of twice. It must be Lock's own parse;
	// Make does not change it (it plans on a copy), unless it is handed
	// over with Spend. Nil: Make parses Lock.
	Parsed *lockgraph.Lock
	// spent is Parsed as Spend handed it over to the next Make.
	spent *spentLock
}

// spentLock is a parsed lock handed over to one Make, which takes it
// (planning on it in place) and empties it when done.
type spentLock struct {
	lock  *lockgraph.Lock
	taken bool
}

// Spend hands f's parsed lock over to the one Make f is given to next, for
// a caller that has no use for it once the plan is made (plan and apply
// without --verify): Make then re-keys and redirects that lock in place
// rather than a copy of it, which saves a copy of every node. f.Parsed is
// nil from then on; Make leaves the lock empty when it returns (a reader
// that kept the pointer finds no nodes rather than a lock edited behind
// its back), and panics when a Files so spent is given to Make again
// (a copy of f included). Without Parsed, Spend does nothing: Make parses
// Lock itself, and plans on its own parse in place anyway.
func (f *Files) Spend() {
	if f.Parsed == nil {
		return
	}
	f.spent, f.Parsed = &spentLock{lock: f.Parsed}, nil
}

// NodeInfo describes one nixpkgs (or nixpkgs-like) node of the lock.
type NodeInfo struct {
	Key          string          // node key in the canonical lock
	URL          string          // original, as a flake reference
	Class        lockgraph.Class // Nixpkgs or NixpkgsLike
	Source       string          // why it was classified so, e.g. "github NixOS/nixpkgs"
	Branch       string          // original.ref or channel
	PinnedRev    string          // original.rev
	Rev          string          // locked.rev
	LastModified uint64          // locked.lastModified
	NotFlake     bool            // flake = false
	// Line is the nixpkgs release line its branch names ("24.05",
	// "unstable"), "" when unknown; see ReleaseLine.
	Line string
	// Paths are every input path that reaches the node; the first is its
	// string edge, the others are follows.
	Paths []lockgraph.Path
	// Input is the identity the node is a copy of, as a flake reference
	// ("github:numtide/flake-utils", or "nixpkgs" for the nixpkgs class);
	// set only when Options.Inputs or Options.All select identities.
	Input string
}

// Target is the common node (one per branch under PerBranch).
type Target struct {
	NodeInfo
	// Spelling is the input path the declarations name, e.g. "nixpkgs".
	Spelling lockgraph.Path
	Why      string // why it was chosen
	Group    string // the branch it is the target for (PerBranch), else ""
	// ForLine is the release line it is the target for (the root's own
	// input on that line, under ReleaseLines Follow or Separate), else "".
	ForLine string
}

// Redirect is one nixpkgs node made to follow a target.
type Redirect struct {
	NodeInfo
	// Path is the node's string edge, the input path that now follows
	// the target (and that flake.nix declares); the node's other Paths
	// (follows) follow along.
	Path   lockgraph.Path
	Target lockgraph.Path // the target's spelling
	// TargetNode is the target's key in the old canonical lock.
	TargetNode string
	// TargetLine is the target's release line ("" when unknown); see
	// Crossing.
	TargetLine string
	// Caches are the binary caches of the dependency whose nixpkgs this
	// is, as Options.Store said (Known Unknown, with Why, when it could
	// not tell; Declared when merged anyway with Merge cached). Zero
	// (Unknown without Why) when not asked: without a Store, or for a
	// source other than nixpkgs.
	Caches nixstore.Caches
	// CachesOf is the input path of the dependency Caches describe (for
	// a/nixpkgs: a).
	CachesOf lockgraph.Path
}

// CachesAsked reports whether the store was asked about the redirect's
// dependency (Caches then says known, none or unknown with why).
func (r *Redirect) CachesAsked() bool {
	return r.Caches.Known != nixstore.Unknown || r.Caches.Why != ""
}

// Declaration is the flake.nix line that makes the redirect, e.g.
// inputs.a.inputs.nixpkgs.follows = "nixpkgs";
func (r *Redirect) Declaration() string { return Declaration(r.Path, r.Target) }

// Declaration writes inputs.<p1>.inputs.<p2>….follows = "<target>";
// (an input name that is not a bare Nix identifier is quoted, as in
// inputs."my.flake".inputs.nixpkgs.follows).
func Declaration(path, target lockgraph.Path) string {
	return inputsPath(path) + ".follows = \"" + target.String() + "\";"
}

// inputsPath is inputs.<p1>.inputs.<p2>…, each name spelled as Nix reads it.
func inputsPath(path lockgraph.Path) string {
	var b strings.Builder
	for _, name := range path {
		b.WriteString("inputs.")
		b.WriteString(flakenix.AttrName(name))
		b.WriteString(".")
	}
	return strings.TrimSuffix(b.String(), ".")
}

// KeepReason says why a nixpkgs node is not redirected.
type KeepReason string

const (
	KeepRoot           KeepReason = "root-input"       // reached by a root input: the user's choice
	KeepUser           KeepReason = "keep"             // --keep
	KeepLike           KeepReason = "nixpkgs-like"     // fork, subset, derivative
	KeepNonFlake       KeepReason = "non-flake"        // flake = false source
	KeepPinned         KeepReason = "pinned"           // original pins a rev
	KeepOtherBranch    KeepReason = "other-branch"     // target of another branch (PerBranch)
	KeepNoTarget       KeepReason = "no-target"        // its branch has no eligible target (PerBranch)
	KeepTargetNonFlake KeepReason = "target-non-flake" // a flake must not follow a flake = false target
	KeepContainsTarget KeepReason = "contains-target"  // the target lives below it
	KeepDepth          KeepReason = "depth"            // too deep for the Nix in use, not hoistable
	KeepFlakeNix       KeepReason = "flake-nix"        // flake.nix cannot take the declaration
	KeepLock           KeepReason = "lock"             // the lock cannot take the redirect
	KeepPath           KeepReason = "path"             // a path input: a local tree (--input/--all only)
	KeepLine           KeepReason = "release-line"     // would cross release lines (ReleaseLines Separate)
	KeepCache          KeepReason = "binary-cache"     // its dependency's own binary cache was built with it
)

// Kept is a nixpkgs node left alone, with the reason.
type Kept struct {
	NodeInfo
	Reason KeepReason
	Why    string
}

// Summary are the numbers before → after.
type Summary struct {
	CopiesBefore, CopiesAfter       int // nixpkgs nodes (class Nixpkgs; forks etc. not counted)
	RevisionsBefore, RevisionsAfter int // distinct revisions among them
	NodesBefore, NodesAfter         int // nodes of the (canonical) lock
	LockBytesBefore, LockBytesAfter int
	Redirected, Kept                int
	// SourcesBefore and SourcesAfter count the distinct nixpkgs sources
	// (locked narHash: one download and one store path each) among the
	// copies; the difference is what the change saves.
	SourcesBefore, SourcesAfter int
	// Downloads is what the flake as planned needs fetched on this
	// machine; nil without Options.Store.
	Downloads *Downloads
	// Inputs are the same numbers per selected identity (nixpkgs first),
	// when Options.Inputs or Options.All select identities.
	Inputs []InputSummary
}

// SourcesRemoved is SourcesBefore − SourcesAfter.
func (s Summary) SourcesRemoved() int { return s.SourcesBefore - s.SourcesAfter }

// InputSummary are the numbers of one identity before → after.
type InputSummary struct {
	Input                       string // as NodeInfo.Input
	CopiesBefore, CopiesAfter   int    // nodes of the identity
	SourcesBefore, SourcesAfter int    // distinct locked narHash among them
}

// NodesRemoved is NodesBefore − NodesAfter.
func (s Summary) NodesRemoved() int { return s.NodesBefore - s.NodesAfter }

// Plan is the result of planning. Nothing is written: the caller shows it
// (plan), writes NewLock and NewFlake in place of Files (apply --no-commit)
// or commits them (apply).
type Plan struct {
	Options   Options
	Files     Files
	Targets   []Target // the first is the target; more only with PerBranch
	Redirects []Redirect
	Kept      []Kept
	// Declarations are the follows written into flake.nix, in order.
	Declarations []Decl
	// Stale are flake.nix's follows declarations that do nothing any
	// more; with Options.Prune they are removed.
	Stale    []Stale
	NewLock  []byte
	NewFlake []byte // nil when there is no flake.nix
	Summary  Summary
	// Nix is the version the declarations were planned for; Source is
	// empty when it was not needed or not known.
	Nix       NixVersion
	NixNeeded bool // a depth ≥ 3 redirect made the version matter
	Warnings  []string
}

// Decl is one follows declaration in flake.nix.
type Decl struct {
	Path, Target lockgraph.Path
	Why          string // "redirect"
}

// Nothing reports whether there is nothing to do: no redirect, no file
// changes.
func (p *Plan) Nothing() bool { return !p.LockChanged() && !p.FlakeChanged() }

// LockChanged and FlakeChanged report whether the files change.
func (p *Plan) LockChanged() bool { return string(p.NewLock) != string(p.Files.Lock) }
func (p *Plan) FlakeChanged() bool {
	return p.NewFlake != nil && string(p.NewFlake) != string(p.Files.Flake)
}

// Target returns the (first) target, or nil when there is none.
func (p *Plan) Target() *Target {
	if len(p.Targets) == 0 {
		return nil
	}
	return &p.Targets[0]
}
