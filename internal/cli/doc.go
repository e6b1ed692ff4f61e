// Package cli is flake-unify's command line, shared by its two binaries:
// the grammar (Grammar's struct tags declare every command and flag once),
// the commands that only read (graph, check, plan, policy, version, help),
// the flags the commands share, their output and exit codes. The commands
// that write git history or talk to a forge, and those built on kong's
// model (completion, man), are declared here too but done by
// cmd/flake-unify-full, through Full; without a Full, they are handed over
// to that binary.
package cli
