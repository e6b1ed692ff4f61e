package gitops

import (
	"github.com/flake-unify/flake-unify/gitops/gitmode"
)

// Mode selects the back end that makes the commit: the --git auto|go|exec
// switch of `flake-unify apply`. It is defined in package gitmode, which
// links nothing else, so that a command line can name it without linking git.
type Mode = gitmode.Mode

const (
	// Auto commits with go-git unless the repository or the user's
	// configuration asks for something go-git does not do; then it runs the
	// git executable. Exec is chosen when any of these holds:
	//
	//   - commit signing is configured (commit.gpgSign set to anything but false);
	//   - a config file read uses include or includeIf (go-git ignores them,
	//     and they may hold the identity or the signing setup);
	//   - configuration comes from the environment (GIT_CONFIG_PARAMETERS,
	//     GIT_CONFIG_COUNT, as set by `git -c`);
	//   - an executable hook that `git commit` would run exists
	//     (pre-commit, prepare-commit-msg, commit-msg, post-commit,
	//     reference-transaction, post-index-change; in core.hooksPath or the
	//     repository's hooks directory; *.sample files do not count);
	//   - content conversion may apply: core.autocrlf is true or input, or an
	//     attributes file (.gitattributes on the way from the repository root
	//     to the flake directory, info/attributes, core.attributesFile) sets
	//     filter, text, eol, crlf, ident or working-tree-encoding;
	//   - the repository is laid out in a way the go-git path does not
	//     handle: a linked work tree, alternates, a repository extension
	//     (extensions.*, other than objectFormat=sha1), sparse checkout, or
	//     an index this package does not patch (split or sparse index, a
	//     version other than 2–4);
	//   - GIT_AUTHOR_DATE or GIT_COMMITTER_DATE is in a format this package
	//     does not parse.
	//
	// Every check reads a fixed number of small files, never the work tree.
	// When Exec is needed and no git executable is found, Auto refuses with
	// the reason rather than silently ignoring the user's configuration.
	Auto = gitmode.Auto
	// GoGit commits with go-git, in process. It ignores hooks, includes and
	// attributes, and refuses when commit signing is configured.
	GoGit = gitmode.GoGit
	// Exec runs the git executable: `git commit --only` on the two paths, so
	// hooks run and signing, identity and filters follow the user's git.
	Exec = gitmode.Exec
)

// Change is the new content of one file of the flake.
type Change struct {
	// Path is relative to the flake directory, with forward slashes,
	// e.g. "flake.lock".
	Path    string
	Content []byte
}

// Request describes one commit.
type Request struct {
	// Dir is the flake directory; it may be a subdirectory of the
	// repository's work tree.
	Dir string
	// Changes holds the new contents of flake.nix and flake.lock. Pass both
	// files even when one of them did not change: every path listed must
	// be free of uncommitted changes, and unchanged ones are not committed.
	Changes []Change
	// Branch is the new branch, e.g. flake-unify/nixpkgs-<rev> (planview.BranchName).
	Branch string
	// ForceBranch resets Branch to HEAD when it exists already
	// (git switch -C); without it an existing branch is refused.
	ForceBranch bool
	// Subject and Body make the commit message. Body has no diffstat:
	// Commit appends the diffstat of the committed files.
	Subject, Body string
	// Mode selects the back end.
	Mode Mode
}

// Result says what Commit did.
type Result struct {
	// Committed is false when no file's content changed: nothing was
	// written, no branch was created.
	Committed bool
	Branch    string // the branch the user is now on
	Hash      string // full hex hash of the new commit
	Parent    string // the commit the branch was created from (old HEAD)
	From      string // the branch the user was on before
	Files     []string
	Mode      Mode   // the back end that made the commit: GoGit or Exec
	Reason    string // why Auto chose Exec; empty otherwise
	Message   string // the full commit message, diffstat included
}
