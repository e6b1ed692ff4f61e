// Package unify plans the unification of a flake's duplicated inputs —
// nixpkgs by default, any other source on request — without fetching
// anything and without running Nix. Make runs one pipeline:
//
//  1. survey: the copies of each selected source in flake.lock (nixpkgs:
//     every node classified as nixpkgs or like it; another source: every
//     node with the same source identity), each with the input paths that
//     reach it.
//  2. policy: Options say, for each source, which copy is the target (the
//     root's own input, "nixpkgs" by name first, else by strategy, or the
//     one named by To; for nixpkgs, the root's own input on the copy's
//     release line, see ReleaseLines) and, for every other copy, whether it
//     is redirected or kept, with the reason (KeepReason). Options is the
//     policy's value; package policy builds it from defaults,
//     flake-unify.toml, comments in flake.nix and flags. What the
//     machine's Nix store says (Options.Store, gathered by the caller)
//     keeps a nixpkgs copy whose dependency publishes binaries to a cache
//     of its own (KeepCache) and breaks the strategy's ties in favour of
//     a copy already present.
//  3. rewrite: each redirect becomes a follows edge in the lock (exactly as
//     `nix flake lock` writes it once flake.nix declares the follows) and
//     a declaration in flake.nix (a lossless edit), both or neither; with Options.Prune,
//     stale follows declarations (Stale) leave flake.nix.
//  4. Plan: the new files, the targets, redirects, kept copies and the
//     numbers before and after (with a Store, the downloads the result
//     needs). Presenting it is another package's job.
//
// Rules the policy never bends:
//
//   - The root's own inputs (any root input path that reaches a copy,
//     follows included) are the user's choices: never redirected.
//   - Forks and subsets (nixpkgs.lib), flake = false sources and copies
//     whose original pins an exact rev are reported, not merged, unless
//     Options.Merge names their kind. A flake never follows a
//     flake = false target (a flake = false copy may follow a flake).
//   - Each redirect is the declaration <string-edge path> follows
//     <target>: two levels deep works on every Nix, deeper ones only on Nix
//     2.30 and later; for an older Nix the copy is kept (KeepDepth) and the
//     reason says how to add the intermediate flake as a root input by
//     hand. flake-unify does not do that itself: Nix fetches a new root
//     input, so the lock it would write depends on the network, and the
//     promise that Nix, given the new flake.nix and the old lock, writes
//     exactly our bytes would no longer hold.
//   - Existing follows are kept; every follows is checked after the
//     redirects, so no cycle and no dangling target is ever written.
package unify
