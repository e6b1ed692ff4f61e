// Package verify chooses, among the nixpkgs revisions already in a flake's
// lock, one that actually works: for each candidate it plans the
// unification onto it (unify.Make with Options.To), writes the planned
// flake.nix and flake.lock into a private copy of the flake, runs the
// user's command there (`sh -c CMD`, e.g. `nix flake check
// --no-update-lock-file`) and keeps the first candidate whose command
// passes.
//
// Decisions:
//
//   - Candidates are the targets the planner could choose on its own: class
//     Nixpkgs, a flake, not pinned to a rev nor under --keep unless a root
//     input reaches it. One per distinct locked revision, named by the path
//     the declarations would use (a root input, else the shortest literal
//     path). Their order is the strategy's order of preference: newest
//     first (--strategy newest); the root's own inputs first ("nixpkgs"
//     first), then newest (root, the default: the user's own choice is
//     tried before anything else); most input paths first (most-used).
//     Ties go to a root input, then to the shorter path, then walk order.
//   - --to leaves nothing to choose and is refused. --per-branch is refused
//     too: it picks one target per branch, so a verdict would be about a
//     combination of targets, and the combinations multiply. So is --input
//     without nixpkgs (nixpkgs is not unified then); with --all or --input
//     nixpkgs the other inputs are unified as their policy says, and only
//     the nixpkgs target varies.
//   - The copy is what Nix evaluates. In a git repository Nix reads the
//     tracked files of the work tree (uncommitted edits included, untracked
//     files invisible), so the copy is a new repository holding exactly those
//     files, committed; outside git Nix reads the whole directory, so that
//     is copied. The user's repository is only read (git ls-files,
//     rev-parse). One copy serves every candidate: between candidates git
//     restores it (reset --hard, clean -ffdx); a path flake is copied again.
//   - Candidates run one at a time (Nix serialises on its store locks
//     anyway). Each command runs in its own process group with stdin
//     /dev/null and a timeout; on timeout or cancellation the group gets
//     SIGTERM, then SIGKILL after a grace period, and whatever is left of
//     the group when the command ends is killed too: nothing outlives a
//     candidate. The scratch directory is removed on every return path.
//   - A candidate the planner refuses is a result ("refused"), not an
//     error. By default the run stops at the first pass and marks the rest
//     "skipped"; Config.All runs them all (the whole matrix).
//
// The same scratch copy serves --measure of plan and pr (Measure): the flake is
// evaluated as it is and as a plan would leave it, and the cost of each
// side is reported (peak RSS, the evaluator's allocation, time) with a
// verdict that says plainly when there is no saving.
package verify
