// Package gitops records a flake-unify rewrite in git: it writes the new
// flake.nix and flake.lock and commits exactly those files on a new branch
// created from HEAD, leaving the user on that branch.
//
// Everything else in the work tree and the index — modified, staged,
// untracked and ignored files — is left exactly as it was. The commit is
// built from HEAD's tree with only the changed blobs replaced, and only the
// index entries of the committed paths are updated; the work tree is never
// walked, so the cost does not depend on the size of the repository.
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
package gitops
