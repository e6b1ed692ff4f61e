// Package gitops records a flake-unify rewrite in git: it writes the new
// flake.nix and flake.lock and commits exactly those files on a new branch
// created from HEAD, leaving the user on that branch.
//
// Everything else in the work tree and the index — modified, staged,
// untracked and ignored files — is left exactly as it was. The commit is
// built from HEAD's tree with only the changed blobs replaced, and only the
// index entries of the committed paths are updated. The work tree is never
// walked or hashed and no object is read but the trees on the way to the
// flake: the only work that grows with the repository is reading and
// rewriting the index file (a few milliseconds at 20,000 files), as in
// every git command that changes the index.
//
// Two back ends do the work (see [Mode]): go-git, in process, and the git
// executable, for what go-git cannot honour (signing, hooks, config
// includes, content filters, unusual repository layouts). [Auto] picks one;
// the rule is documented on [Auto].
//
// The caller (the CLI) calls [Preflight] to learn about every refusal
// before it shows or writes anything, then [Commit], which writes the two
// files itself (both or neither) and commits them. When the commit cannot be
// made, Commit puts the files, the index entries, the branch and HEAD back
// as they were.
//
// # What `flake-unify apply` does with it
//
//	req := &gitops.Request{
//		Dir:         dir,                   // -C DIR: the flake directory
//		Changes:     []gitops.Change{{"flake.nix", nix}, {"flake.lock", lock}}, // both, always
//		Branch:      branch,                // --branch, else planview.BranchName(plan)
//		ForceBranch: forceBranch,           // --force-branch
//		Subject:     subject, Body: body,   // from the plan; no diffstat
//		Mode:        mode,                  // --git auto|go|exec (Mode is a TextUnmarshaler)
//	}
//	if err := gitops.Preflight(ctx, req); err != nil { ... }  // before printing the preview
//	res, err := gitops.Commit(ctx, req)                      // writes the files and commits
//
// With --no-commit the CLI calls [WriteFiles] instead, which has the same
// both-or-neither guarantee. Refusals are *diag.Error values whose Hint
// (diag.Hint(err)) is meant for a "hint:" line. Commit is a no-op
// (Result.Committed false) when the contents equal the files on disk, so
// an idempotent re-run commits nothing even on the branch it created.
//
// The bot of `flake-unify pr`, which commits on the remote's base branch
// without touching the work tree, is package bot.
package gitops
