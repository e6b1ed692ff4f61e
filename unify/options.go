package unify

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// Strategy chooses the common node when --to is not given.
type Strategy string

const (
	// Root: the root's own nixpkgs input ("nixpkgs" by name first); when the
	// root has none, the newest candidate.
	Root Strategy = "root"
	// Newest: the candidate with the latest locked.lastModified.
	Newest Strategy = "newest"
	// MostUsed: the candidate reached by the most input paths.
	MostUsed Strategy = "most-used"
)

// Kind names a class of nixpkgs nodes that is reported, not merged, unless
// Options.Merge lists it.
type Kind string

const (
	KindLike     Kind = "like"      // forks, nixpkgs.lib subsets, derivatives
	KindPinned   Kind = "pinned"    // original pins an exact rev
	KindNonFlake Kind = "non-flake" // flake = false sources
	// KindCached: copies whose dependency publishes binaries built with
	// them to a binary cache of its own (see Options.Store).
	KindCached Kind = "cached"
)

// Kinds are the values Options.Merge accepts.
var Kinds = []Kind{KindLike, KindPinned, KindNonFlake, KindCached}

// Options are the target options of plan and apply.
type Options struct {
	// To is the input path of the common node ("nixpkgs",
	// "haskellNix/nixpkgs-unstable"); empty: chosen by Strategy.
	To string
	// ToWhy says who named To, for the plan's reason ("named with --to"
	// when empty).
	ToWhy    string
	Strategy Strategy // empty means Root
	// Lines says what redirects do across nixpkgs release lines; empty
	// means Follow.
	Lines ReleaseLines
	// PerBranch unifies within each branch (original.ref or channel)
	// instead of across all of them.
	PerBranch bool
	// Keep lists input paths whose nixpkgs node (or, for a path to another
	// flake, every nixpkgs node below it) is left alone.
	Keep []string
	// KeepWhy says why a Keep path is kept when it is not a --keep flag
	// (e.g. "flake-unify.toml:3:8"); a path missing here reads "--keep".
	KeepWhy map[string]string
	// Merge lists the kinds of nodes that are merged although the default
	// policy only reports them.
	Merge []Kind
	// LockOnly rewrites flake.lock only; flake.nix (which may be absent)
	// is not touched.
	LockOnly bool
	// Prune removes stale follows declarations (see Stale) from flake.nix.
	Prune bool
	// Inputs selects the identities to unify instead of nixpkgs alone:
	// "nixpkgs", an input name ("flake-utils"), an input path
	// ("a/flake-utils") or a flake reference ("github:numtide/flake-utils");
	// see Make. Empty: nixpkgs only (unless All).
	Inputs []string
	// All unifies nixpkgs and every identity with two copies or more.
	All bool
	// Classifier decides what is nixpkgs (Match: mirrors).
	Classifier lockgraph.Classifier
	// Verdict plans only what tells whether anything would change and
	// what changes (check's question): targets, redirects, kept copies,
	// declarations, stale follows, NewFlake and Nothing are as without it,
	// but the new lock is not rebuilt: NewLock is nil when it would differ
	// (a redirect always changes the lock) and Summary's after-figures
	// and Inputs stay zero.
	Verdict bool
	// Store is what the machine's Nix store says: the binary caches of the
	// dependencies whose nixpkgs would be redirected (one with a cache of
	// its own keeps its nixpkgs unless Merge lists KindCached), which
	// candidate among equals is already present, and what the result
	// needs fetched. Nil: the store is not consulted.
	Store Store
	// Nix says which Nix the result is for. It is called only when the
	// answer matters (a redirect deeper than two levels written into
	// flake.nix), because running `nix --version` costs time. Nil means
	// unknown.
	Nix func() NixVersion
}

func (o *Options) merges(k Kind) bool {
	for _, m := range o.Merge {
		if m == k {
			return true
		}
	}
	return false
}

// NixVersion is the Nix the declarations are written for.
type NixVersion struct {
	Major, Minor int
	// Source says where the version came from: "--nix-version",
	// "nix --version", or "" when unknown (then Major, Minor are 2.8, the
	// oldest supported and most restrictive version).
	Source string
}

// Known reports whether the version was given or detected.
func (v NixVersion) Known() bool { return v.Source != "" }

// AtLeast reports whether v ≥ major.minor.
func (v NixVersion) AtLeast(major, minor int) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

func (v NixVersion) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// UnknownNix is what the planner assumes without a version: Nix 2.8's rules.
var UnknownNix = NixVersion{Major: 2, Minor: 8}

// DeepFollowsNix is the first Nix that honours follows declarations deeper
// than two levels (inputs.a.inputs.b.inputs.c.follows).
var DeepFollowsNix = NixVersion{Major: 2, Minor: 30}

// ParseNixVersion reads a --nix-version value such as "2.8" or "2.30.2":
// digits, a dot, digits, and perhaps another dot and digits.
func ParseNixVersion(s string) (NixVersion, error) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 || !allDigits(parts) {
		return NixVersion{}, fmt.Errorf("invalid Nix version %q: want MAJOR.MINOR such as 2.8 or 2.30", s)
	}
	maj, _ := strconv.Atoi(parts[0])
	minor, _ := strconv.Atoi(parts[1])
	return NixVersion{Major: maj, Minor: minor, Source: "--nix-version"}, nil
}

// allDigits: each part is one or more of 0-9.
func allDigits(parts []string) bool {
	for _, p := range parts {
		if p == "" || !isDigits(p) {
			return false
		}
	}
	return true
}
