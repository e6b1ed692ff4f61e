package testgrammar

import (
	"regexp"
	"time"
)

// The structs below are copied from the program, tags and all.

type cli struct {
	Graph  graphCmd  `cmd:"" help:"Show the input graph of flake.lock, nixpkgs copies marked."`
	Check  checkCmd  `cmd:"" help:"Exit 1 when plan would change something: the flake is not unified as its policy says."`
	Plan   planCmd   `cmd:"" help:"Preview the unification: summary and the diff of flake.nix and flake.lock; changes nothing."`
	Apply  applyCmd  `cmd:"" help:"Unify: rewrite flake.nix and flake.lock (with --no-commit, in place and nothing else)."`
	Policy policyCmd `cmd:"" help:"Print the effective policy (defaults, flake-unify.toml, flake.nix comments, flags) and where each setting came from."`
	PR     prCmd     `cmd:"" name:"pr" help:"Bot: unify the remote's base branch on a bot branch, push it (with a lease) and open or update its pull request."`

	Version    versionFlag   `name:"version" help:"Print the version and exit."`
	VersionCmd versionCmd    `cmd:"" name:"version" help:"Print the version: module version, VCS revision and time, Go toolchain."`
	Completion completionCmd `cmd:"" help:"Print what a shell sources to complete flake-unify (see: flake-unify help completion)."`
	Help       helpCmd       `cmd:"" help:"Explain a topic (policy, completion, bot) or a command."`
	Man        manCmd        `cmd:"" help:"Print the manual page (roff): flake-unify man > flake-unify.1."`
}

type graphCmd struct {
	Dir    string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Format string `default:"tree" enum:"tree,dot,mermaid,json" help:"Output format: tree, dot, mermaid or json."`
	matchFlag
	inputsFlag
	storeFlag
	jsonFlag
	colorFlag
}

type storeFlag struct {
	Store     bool   `help:"Also show each source's Nix store path (from its narHash) and whether it is in the store (tree and json): the tree marks [in store] or [not in store], json gives storePath and inStore. Each flake's binary caches are read from its flake.nix there (nixConfig substituters): json gives caches, the tree names a dependency's own. The store directory is NIX_STORE_DIR (or NIX_STORE), else /nix/store."`
	StoreRoot string `help:"The store lives below DIR, as a chroot store (nix --store DIR) does; implies --store." placeholder:"DIR" type:"path"`
}

type checkCmd struct {
	Dir    string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Max    *int   `help:"Also fail when more nixpkgs copies than N remain (with --input/--all, copies of each selected source); the policy's own keeps count too." placeholder:"N"`
	JSON   bool   `name:"json" help:"Print one JSON document."`
	Format string `default:"auto" enum:"auto,text,github" help:"text, or github: also ::warning annotations at each input's line and a table in $GITHUB_STEP_SUMMARY (auto: github under GITHUB_ACTIONS=true)."`
	configFlags
	targetFlags
	colorFlag
}

type targetFlags struct {
	To           string   `help:"Make every other nixpkgs follow the node at this input path (e.g. nixpkgs, haskellNix/nixpkgs-unstable)." placeholder:"INPUT/PATH"`
	Strategy     string   `help:"How to choose the common node without --to: root (the root's own nixpkgs; the default), newest, most-used." placeholder:"root|newest|most-used"`
	ReleaseLines string   `name:"release-lines" help:"Across nixpkgs release lines: follow (the default: a copy follows the root's input on its own line, else the target, and says so), merge (one node for all lines) or separate (never cross: keep)." placeholder:"follow|merge|separate"`
	PerBranch    bool     `help:"Unify within each branch (channel) instead of across branches."`
	Keep         []string `help:"Leave the nixpkgs at this input path (or every nixpkgs below it) alone; a glob such as '*/nixpkgs-stable' keeps every path it matches; repeatable." placeholder:"PATH"`
	Merge        []string `enum:"like,pinned,non-flake,cached" help:"Also merge nodes the policy only reports: like (forks, nixpkgs.lib), pinned (original pins a rev), non-flake (flake = false sources), cached (the nixpkgs of a dependency that publishes binaries to a cache of its own)." placeholder:"KIND"`
	Caches       string   `help:"How to learn a dependency's binary caches (nixConfig substituters in its flake.nix): store (the default: read the copy in the Nix store, unknown when absent) or fetch (fetch an absent one with nix flake prefetch first)." placeholder:"store|fetch"`
	LockOnly     bool     `help:"Rewrite flake.lock only; flake.nix is not touched (nix flake update will undo it)."`
	Input        []string `help:"Unify this input instead of nixpkgs alone (repeatable): nixpkgs, an input name (flake-utils), an input path (a/flake-utils) or a source (github:numtide/flake-utils, every branch unless one is named)." placeholder:"NAME"`
	All          bool     `help:"Unify nixpkgs and every input source that flake.lock holds twice or more."`
	Prune        bool     `help:"Remove follows declarations of flake.nix that no longer do anything (an override of an input the dependency no longer has)."`
	StoreRoot    string   `help:"The Nix store the policy reads (binary caches of dependencies, sources present) lives below DIR, as a chroot store (nix --store DIR) does; default: the real root." placeholder:"DIR" type:"path"`
	NixVersion   string   `help:"The Nix the result is for (auto, the default: nix --version when needed; X.Y): deeper follows need 2.30." placeholder:"auto|X.Y"`
	matchFlag
}

type planCmd struct {
	Dir   string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	JSON  bool   `name:"json" help:"Print one JSON document: target, redirects, kept nodes, summary and both diffs."`
	Color string `default:"auto" enum:"auto,always,never" help:"Colour the diff: auto (FORCE_COLOR, NO_COLOR, terminal), always, never."`
	Store bool   `help:"With --json, give each target, redirected and kept node its Nix store path (storePath, from its narHash) and whether it is in the store (inStore), as graph --store does. The store directory is NIX_STORE_DIR (or NIX_STORE), else /nix/store."`
	configFlags
	targetFlags
	verifyFlags
	measureFlags
}

type applyCmd struct {
	Dir         string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	NoCommit    bool   `help:"Only rewrite flake.nix and flake.lock in place; do not commit."`
	Branch      string `help:"The branch to create and commit on (default flake-unify/nixpkgs-<target rev>)." placeholder:"NAME"`
	ForceBranch bool   `help:"Reset --branch to HEAD when it exists already instead of refusing."`
	Git         Mode   `name:"git" default:"auto" help:"How to commit: auto, go (go-git, in process) or exec (the git executable: hooks, signing)." placeholder:"auto|go|exec"`
	JSON        bool   `name:"json" help:"Print the plan as one JSON document instead of the summary."`
	configFlags
	targetFlags
	verifyFlags
	colorFlag
}

type configFlags struct {
	Config   string `help:"Read the policy from FILE instead of DIR/flake-unify.toml." placeholder:"FILE"`
	NoConfig bool   `help:"Read no policy file (comments in flake.nix and flags still count)."`
}

type policyCmd struct {
	Dir string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	configFlags
	targetFlags
}

type prCmd struct {
	Dir        string `short:"C" default:"." help:"The flake's directory inside the repository's work tree." placeholder:"DIR"`
	Forge      string `required:"" enum:"github,gitea,gitlab" help:"The forge: github, gitea (also Forgejo) or gitlab." placeholder:"github|gitea|gitlab"`
	ForgeURL   string `name:"forge-url" help:"Base URL of a GitHub Enterprise or self-hosted Gitea/Forgejo/GitLab instance." placeholder:"URL"`
	Repo       string `required:"" help:"The repository on the forge." placeholder:"OWNER/NAME"`
	Base       string `help:"The branch the pull request targets (default: the remote's default branch)." placeholder:"BRANCH"`
	Remote     string `default:"origin" help:"The git remote to fetch from and push to." placeholder:"NAME"`
	Branch     string `default:"flake-unify/nixpkgs" help:"The bot's branch; only this branch is ever pushed (with a lease)." placeholder:"NAME"`
	TokenEnv   string `name:"token-env" help:"The environment variable holding the token (default GITHUB_TOKEN, GITEA_TOKEN or GITLAB_TOKEN)." placeholder:"VAR"`
	CloseStale bool   `help:"When there is nothing left to unify, close the bot's open pull request with a comment instead of leaving it alone."`
	Git        Mode   `name:"git" default:"auto" help:"How to fetch and push: auto, go (in process) or exec (the git executable; ssh remotes always use it)." placeholder:"auto|go|exec"`
	NoConfig   bool   `help:"Ignore the base branch's flake-unify.toml (comments in flake.nix and flags still count)."`
	targetFlags
	measureFlags
	colorFlag
}

type versionCmd struct {
	JSON bool `name:"json" help:"Print one JSON document: version, module, revision, time, modified, go."`
}

type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"The shell: bash, zsh or fish."`
}

type helpCmd struct {
	Topic string `arg:"" optional:"" predictor:"help" help:"A topic (policy, completion, bot) or a command."`
}

type manCmd struct{}

type matchFlag struct {
	Match *regexp.Regexp `help:"Also count as nixpkgs a node whose source (as a flake URL) matches REGEXP, e.g. a mirror." placeholder:"REGEXP"`
}

type inputsFlag struct {
	Input []string `help:"Also report this input's copies (repeatable): nixpkgs, an input name (flake-utils), an input path (a/flake-utils) or a source (github:numtide/flake-utils)." placeholder:"NAME"`
	All   bool     `help:"Report nixpkgs and every input source that flake.lock holds twice or more."`
}

type measureFlags struct {
	Measure        []string      `help:"Evaluate this attribute of the flake (nix eval .#ATTR) before and after the change, in scratch copies, and report memory, time and nixpkgs store paths before → after; repeatable. Needs Nix on PATH." placeholder:"ATTR"`
	MeasureRuns    int           `default:"3" help:"Measured evaluations per attribute and side; the medians are reported." placeholder:"N"`
	MeasureTimeout time.Duration `default:"30m" help:"Stop one evaluation after this long." placeholder:"DURATION"`
	MeasureNix     string        `default:"nix" help:"The Nix to evaluate with: a name looked up on PATH, or a path." placeholder:"NIX"`

	measured *measurement
}

type verifyFlags struct {
	Verify        string        `help:"Choose the target by running CMD (sh -c, in a scratch copy of the flake unified onto each candidate nixpkgs revision of the lock): the first that passes wins. Not with --to or --per-branch." placeholder:"CMD"`
	VerifyTimeout time.Duration `default:"10m" help:"Stop CMD after this long on one candidate (its whole process group); the candidate fails as timeout." placeholder:"DURATION"`
	VerifyLimit   int           `default:"5" help:"Try at most this many candidates (0: all)." placeholder:"N"`
	VerifyAll     bool          `help:"Run CMD on every candidate (the whole matrix) instead of stopping at the first that passes."`

	report *report
	// sources are the store facts of the lock's nodes (plan --store), by
	// key of the canonical lock; nil leaves them out of the document.
	sources map[string]source
}

type colorFlag struct {
	Color string `default:"auto" enum:"auto,always,never" help:"Colour the output (plan's diff, graph's marks; accepted alike by graph, check, plan, apply and pr): auto, always or never." placeholder:"auto|always|never"`
}

type jsonFlag struct {
	JSON bool `name:"json" help:"Print one JSON document (graph: the same as --format json)."`
}
