package cli

// A Topic is a page of `flake-unify help TOPIC`, also a section of the man
// page. Text is paragraphs separated by blank lines; a line indented by two
// spaces is an example, printed as it is.
type Topic struct {
	Name, Summary, Text string
}

var Topics = []Topic{
	{Name: "policy", Summary: "which copies follow which node: the policy file, the keep comment, release lines", Text: `check, plan, apply, pr and the Action all obey one policy. It is built from, strongest first: flags, comments in flake.nix, the file flake-unify.toml, the defaults. Keeps from every layer add up (a --keep flag adds to the file's keep). The bot reads the file and the comments from the base branch, never from its checkout. flake-unify policy prints the policy in force and where each setting came from (flag, file, comment, default).

The file is flake-unify.toml beside flake.nix (for a flake in a sub-directory, in that directory); --config FILE reads another one, --no-config none. It says what the target options say, but for --per-branch, --lock-only and --store-root (flags only):

  to = "nixpkgs"                # the node every other nixpkgs follows
  strategy = "root"             # without to: root, newest or most-used
  release-lines = "follow"      # follow, merge or separate
  keep = ["*/nixpkgs-stable"]   # input paths or globs
  merge = ["like"]              # also merge: like, pinned, non-flake, cached
  caches = "store"              # read dependencies' caches: store or fetch
  match = "example.org/nixpkgs" # also counts as nixpkgs (a mirror)
  inputs = ["flake-utils"]      # unify these too; all = true: every one
  nix-version = "2.18"          # the oldest Nix your users run
  prune = true                  # remove follows that no longer do anything

It never names a command to run: --verify stays a flag, because a pull request can change the file. An unknown key, a wrong type, a keep glob that matches nothing or a to that does not exist stops with flake-unify.toml:LINE:COL and a hint line, exit 2, and nothing is written.

The keep comment: "# flake-unify: keep" on the line of an input's declaration in flake.nix, or on the line just above it, keeps every nixpkgs copy reached through that input. It moves with the declaration when the code is moved:

  # flake-unify: keep
  inputs.old-tool.url = "github:example/old-tool";

The root flake's own nixpkgs inputs are your explicit choices and are never rewritten.

Release lines: each nixpkgs copy has the release line of its branch. nixos-YY.MM, nixpkgs-YY.MM-darwin, release-YY.MM and *-YY.MM-small are YY.MM; nixos-unstable, nixpkgs-unstable, master and *-unstable-small are unstable; FlakeHub 0.YYMM.* is YY.MM and 0.1.* unstable; any other branch is unknown. By default (follow) a copy follows the root's input on its own line when the root has one, else the root's main nixpkgs, and plan, check, --json and the pull request say "crosses release line A → B" for each such redirect. release-lines (--release-lines) can instead be merge (one node for every line) or separate (never cross a line: keep the copy).

Binary caches: before a copy is redirected, the flake.nix of the dependency above it is read from the Nix store (its path follows from the lock's narHash; nothing runs). When it declares a binary cache of its own (nixConfig substituters or extra-substituters other than cache.nixos.org), the copy is kept: that cache's binaries were built with the dependency's own nixpkgs, and following yours means building them locally. The reason names the cache and where it is declared:

  kept 1:
    hyprland/nixpkgs (nixos-unstable 279b4a8 2026-08-09): hyprland:
    binaries from https://hyprland.cachix.org are built with its own
    nixpkgs; following yours means building them locally
    (/nix/store/…-source/flake.nix:5:27); --merge cached merges it

A dependency whose source is not in the store is redirected as before, and plan, check, --json and the pull request say its caches are unknown and why; it is never taken for one without a cache. merge = ["cached"] (--merge cached) redirects such copies anyway. caches = "fetch" (--caches fetch) lets Nix fetch an absent source (nix flake prefetch) to read it; the default, "store", runs nothing. --store-root DIR reads a chroot store, NIX_STORE_DIR a moved one. Among copies the strategy ranks equal, the one already in the store is the target, and plan says how many sources the result needs to download. The bot reads the store of the machine it runs on, and says so.`},

	{Name: "completion", Summary: "tab completion in bash, zsh and fish", Text: `flake-unify completes commands, flags, flag values (--strategy, --format, --forge, --git, --color, --merge, …) and, after --to, --keep and --input, the input paths of the flake.lock in the -C directory (the current one without -C).

bash, in ~/.bashrc:

  complete -o default -C flake-unify flake-unify

zsh, in ~/.zshrc after compinit (or save the output as _flake-unify in a directory on $fpath):

  source <(flake-unify completion zsh)

fish, in ~/.config/fish/config.fish (or save it in ~/.config/fish/completions/flake-unify.fish):

  flake-unify completion fish | source

The Nix package installs all three and the man page by itself.

How it works: the shell runs flake-unify with COMP_LINE set to the line typed so far (and COMP_POINT to the cursor), and flake-unify prints one candidate a line. Try it:

  COMP_LINE='flake-unify pl' flake-unify`},

	{Name: "bot", Summary: "the pull-request bot and the GitHub Action", Text: `flake-unify pr is what a scheduled job runs. It fetches the base branch, plans on the base's own flake.nix and flake.lock (not the checkout), commits the result on the bot branch (flake-unify/nixpkgs, on top of the base) and pushes it with a lease: only that branch, only when it is still where the bot left it. Then it opens the pull request, or updates the one already open. A second run with the same plan pushes and edits nothing; with nothing left to do it leaves an open bot pull request alone, or closes it with a comment under --close-stale.

The policy (flake-unify.toml and the keep comments) comes from the base branch, and the description shows it in a collapsible block. The bot has no user's Nix: nix-version in the file (the oldest Nix your users run) decides which follows declarations are safe; without it the runner's Nix decides, and the plan says so. With --measure ATTR (on a runner with Nix) the description also carries the before → after table of evaluating ATTR.

The token comes from GITHUB_TOKEN, GITEA_TOKEN or GITLAB_TOKEN (or --token-env VAR). It goes only to the forge and the https remote, is never written into .git/config and is redacted from every error. GitHub needs contents: write and pull-requests: write; Gitea write:repository and write:issue; GitLab the api scope.

  GITEA_TOKEN=… flake-unify pr --forge gitea \
      --forge-url https://git.example.org --repo me/laptop
  GITLAB_TOKEN=… flake-unify pr --forge gitlab --repo group/laptop

The GitHub Action at the root of the repository runs it (mode: pr, the default) on a schedule, or gates pull requests (mode: check) with flake-unify check, whose findings show as annotations on flake.nix:

  - uses: flake-unify/flake-unify@main
    with:
      mode: check

The Action runs flake-unify with nix run when the runner has Nix, and otherwise builds it with Go, its module and build caches keyed on go.sum.`},
}

// findTopic returns the topic called name.
func findTopic(name string) (Topic, bool) {
	for _, t := range Topics {
		if t.Name == name {
			return t, true
		}
	}
	return Topic{}, false
}
