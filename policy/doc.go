// Package policy is the one value that decides how a flake is unified: the
// target options of plan, apply, check and the bot, built in layers from
// defaults, the repository's flake-unify.toml, `# flake-unify:` comments in
// flake.nix and command-line flags. Flags override the file and comments,
// which override the defaults; keeps from every layer add up. Every
// setting remembers where it came from, for `flake-unify policy` and for
// positioned errors. The file never names a command to run: a file that a
// pull request can change must not choose what CI executes.
package policy
