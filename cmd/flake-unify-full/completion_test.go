package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// TestCompletionShells sources what `flake-unify completion SHELL` prints in
// the real shell: each parses, registers flake-unify, and fish (whose
// `complete -C LINE` runs the registered function without a terminal)
// answers through the script with the candidates the binary gives.
func TestCompletionShells(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "flake-unify")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	path := filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
	script := func(shell string) string {
		name := filepath.Join(dir, "flake-unify."+shell)
		out, err := exec.Command(bin, "completion", shell).Output()
		if err != nil {
			t.Fatalf("completion %s: %v", shell, err)
		}
		if err := os.WriteFile(name, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	shell := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+path, "HOME="+dir, "ZDOTDIR="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if err := os.WriteFile(filepath.Join(dir, "flake.lock"), []byte(completionLock), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("bash", func(t *testing.T) {
		testenv.Need(t, "bash")
		s := script("bash")
		got := shell("bash", "--norc", "--noprofile", "-c", "source "+s+" && complete -p flake-unify")
		if got != "complete -o default -C 'flake-unify' flake-unify\n" {
			t.Errorf("bash registered %q", got)
		}
	})
	t.Run("zsh", func(t *testing.T) {
		testenv.Need(t, "zsh")
		s := script("zsh")
		shell("zsh", "-n", s)
		// compadd works only inside a completion widget: a stand-in prints
		// what the script hands it, which is what the shell would offer.
		const call = `compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@" }
words=(flake-unify plan --strategy most); CURRENT=4; _flake-unify
words=(flake-unify pl); CURRENT=2; _flake-unify
words=(flake-unify plan --keep ""); CURRENT=4; _flake-unify
`
		// Sourced: compdef registers the function.
		got := shell("zsh", "-f", "-c", "autoload -U compinit && compinit -u -D && source "+s+" && print -r -- $_comps[flake-unify]\n"+call)
		want := "_flake-unify\nmost-used\nplan\na\na/nixpkgs\nb\nb/nixpkgs\nnixpkgs\n"
		if got != want {
			t.Errorf("zsh, sourced: %q, want %q", got, want)
		}
		// Installed as _flake-unify on $fpath: autoloaded, it completes.
		fdir := filepath.Join(dir, "site-functions")
		os.MkdirAll(fdir, 0o755)
		os.WriteFile(filepath.Join(fdir, "_flake-unify"), mustRead(t, s), 0o644)
		got = shell("zsh", "-f", "-c", "fpath=("+fdir+" $fpath) && autoload -U _flake-unify\n"+call)
		if got != want[len("_flake-unify\n"):] {
			t.Errorf("zsh, autoloaded: %q, want %q", got, want[len("_flake-unify\n"):])
		}
	})
	t.Run("fish", func(t *testing.T) {
		testenv.Need(t, "fish")
		s := script("fish")
		shell("fish", "--no-config", "-n", s)
		for line, want := range map[string]string{
			"flake-unify pl":                       "plan\n",
			"flake-unify graph --format d":         "dot\n",
			"flake-unify plan --keep b/":           "b/nixpkgs\n",
			"flake-unify plan -C . --to nixpkgs":   "nixpkgs\n",
			"flake-unify pr --forge gitl":          "gitlab\n",
			"flake-unify plan --strategy most-use": "most-used\n",
			"flake-unify apply --git ":             "auto\nexec\ngo\n",
		} {
			got := shell("fish", "--no-config", "-c", "source "+s+"; complete -C '"+line+"'")
			if got != want {
				t.Errorf("fish completes %q to %q, want %q", line, got, want)
			}
		}
	})
}

// completionLock has the input paths a, a/nixpkgs (a follows), b,
// b/nixpkgs and nixpkgs.
const completionLock = `{
  "nodes": {
    "a": {
      "inputs": { "nixpkgs": [ "nixpkgs" ] },
      "locked": { "lastModified": 1, "narHash": "sha256-nSUw2flKWE03zNsdqbhua4vZDwPyV2JL7JVsZSJsxfU=", "type": "path", "path": "/a" },
      "original": { "type": "path", "path": "/a" }
    },
    "b": {
      "inputs": { "nixpkgs": "nixpkgs" },
      "locked": { "lastModified": 1, "narHash": "sha256-Qbehtoy1KfDdXJ+r4CVulT7WcRi813SGuhmyJwac814=", "type": "path", "path": "/b" },
      "original": { "type": "path", "path": "/b" }
    },
    "nixpkgs": {
      "locked": { "lastModified": 1, "narHash": "sha256-ODEKlNUASQ/pOvO3t5gc8/LxcV+43jCmxlDWpO7+0xU=", "type": "path", "path": "/n2" },
      "original": { "type": "path", "path": "/n2" }
    },
    "nixpkgs_2": {
      "locked": { "lastModified": 1, "narHash": "sha256-xiLncsQAoSnPOnksIbWanjBxnuMA7rWb3w43pz6BauM=", "type": "path", "path": "/n" },
      "original": { "type": "path", "path": "/n" }
    },
    "root": { "inputs": { "a": "a", "b": "b", "nixpkgs": "nixpkgs_2" } }
  },
  "root": "root",
  "version": 7
}
`
