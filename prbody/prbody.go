// Package prbody writes the title and the description of the pull request
// that `flake-unify pr` opens: GitHub-flavoured markdown that GitHub and
// Gitea render, built from a *unify.Plan.
//
// The description is a summary with the target, the table of redirected
// inputs and the one of kept nodes, what the Nix store said (copies kept
// for their dependency's binary cache, unknown caches, downloads; whose
// store it was), the `--measure` table when measured, Mermaid graphs of the nixpkgs copies
// before and after, the diffs of flake.nix and flake.lock in collapsible
// blocks, the command that reproduces the plan and a hidden marker that
// tells the bot its own pull requests. A forge limits a description's
// length, so the body is fitted to Options.Limit (counted in characters,
// i.e. runes) by priority: summary, tables, reproduction and marker always
// (tables cut to the rows that fit), then the graphs, the flake.nix diff,
// and the flake.lock diff, cut at a line with a note. A cut never splits a
// line, a code fence or a <details> block.
//
// The output is a function of the plan and the options alone, so a re-run
// on an unchanged flake gives the same bytes and the bot edits nothing.
package prbody

import (
	"strings"

	"github.com/flake-unify/flake-unify/unify"
)

// GitHubLimit is the longest pull request description GitHub accepts, in
// characters.
const GitHubLimit = 65536

// Marker is hidden in every body (an HTML comment renders as nothing) so
// that the bot recognises its own pull requests.
const Marker = "<!-- flake-unify: nixpkgs unification -->"

// IsBot reports whether a pull request body was written by this package.
func IsBot(body string) bool { return strings.Contains(body, Marker) }

// Options shape the body.
type Options struct {
	// Limit is the forge's limit on a description, in characters (runes);
	// 0 means GitHubLimit.
	Limit int
	// Base is the branch the pull request targets ("" leaves it out).
	Base string
	// Dir is the flake's directory relative to the repository root, for
	// the reproduction command's -C; "" or "." for the root.
	Dir string
	// Command reproduces the plan, e.g. "flake-unify plan --lock-only";
	// "" builds it from the plan's options and Dir.
	Command string
	// Policy is the effective policy as `flake-unify policy` prints it
	// (TOML, each setting with where it came from), shown in a collapsible
	// block; "" leaves it out.
	Policy string
	// StoreOf says whose Nix store the plan's store facts came from, e.g.
	// "the bot runner's"; "" is "this machine's".
	StoreOf string
	// Measure is the before → after table of `plan --measure`
	// (verify.Measurement.Markdown); "" leaves it out.
	Measure string
}

// Body is the pull request's description, at most o.Limit characters. It
// fails only when the limit cannot hold even the summary, the notes that
// stand for the tables, and the marker.
func Body(p *unify.Plan, o Options) (string, error) {
	limit := o.Limit
	if limit == 0 {
		limit = GitHubLimit
	}
	// Display order; the comments give the priority, 0 first.
	secs := []section{
		summary(p, o),      // 0
		redirectTable(p),   // 1
		keptTable(p),       // 2
		storeSection(p, o), // 4
		measureSection(o),  // 5
		policyBlock(o),     // 6
		graphs(p),          // 7
		diff(p, "flake.nix", p.Files.Flake, p.NewFlake, p.FlakeChanged()), // 8
		diff(p, "flake.lock", p.Files.Lock, p.NewLock, p.LockChanged()),   // 9
		footer(p, o), // 3
	}
	body, err := layout(limit, secs, []int{0, 1, 2, 9, 3, 4, 5, 6, 7, 8})
	// Names and files need not be UTF-8. Each invalid byte was counted as
	// one rune, and a run of them becomes one U+FFFD, so the body only
	// gets shorter, and no line, fence or tag changes.
	return strings.ToValidUTF8(body, "\uFFFD"), err
}
