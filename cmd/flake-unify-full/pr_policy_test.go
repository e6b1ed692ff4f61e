package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/giteatest"
)

// TestPRGiteaPolicyFromBase: the bot obeys the flake-unify.toml of the base
// branch, not the checkout's. The base keeps sops-nix/nixpkgs-stable; the
// work tree's copy of the file (as a pull request might change it) says
// nothing of it. The bot branch must hold what apply writes with that keep,
// and the description must show the policy that decided, with the kept
// copy's reason pointing at the base's file.
func TestPRGiteaPolicyFromBase(t *testing.T) {
	srv := giteatest.Start(t)
	t.Setenv("GITEA_TOKEN", srv.Token)
	r := newBotRepo(t, srv, "policy")
	nix, lock := readDemo(t)
	toml := []byte("# kept on purpose: the stable channel for sops\nkeep = [\"sops-nix/nixpkgs-stable\"]\n")
	r.commit("initial", map[string][]byte{"flake.nix": nix, "flake.lock": lock, "flake-unify.toml": toml})
	// The checkout's own file differs and is not committed.
	if err := os.WriteFile(filepath.Join(r.dir, "flake-unify.toml"), []byte("keep = []\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	out := r.mustPR()
	if !strings.Contains(out, "opened pull request #1") {
		t.Fatalf("first run:\n%s", out)
	}
	wantNix, wantLock := expected(t, nix, lock, "--keep", "sops-nix/nixpkgs-stable")
	tip := r.remote("flake-unify/nixpkgs")
	if got := r.show(tip, "flake.lock"); got != wantLock {
		t.Error("the bot branch's flake.lock is not what apply --keep sops-nix/nixpkgs-stable writes")
	}
	if got := r.show(tip, "flake.nix"); got != wantNix {
		t.Error("the bot branch's flake.nix is not what apply --keep sops-nix/nixpkgs-stable writes")
	}
	prs := r.prs()
	if len(prs) != 1 {
		t.Fatalf("%d pull requests, want 1", len(prs))
	}
	body := prs[0].Body
	for _, want := range []string{
		"<details><summary>Policy</summary>",
		`keep = ["sops-nix/nixpkgs-stable"]  # flake-unify.toml:2:8`,
		"keep in flake-unify.toml:2:9",
		// The checkout's file says the keep: the command repeats no flag.
		"```sh\nflake-unify plan\n```",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the description lacks %q:\n%s", want, body)
		}
	}
	// Without the base's file (--no-config) the copy is redirected: the
	// keep above really came from the file.
	if got, _ := expected(t, nix, lock); got == wantNix {
		t.Fatal("the keep changes nothing in this flake; the test proves nothing")
	}
	// A second run changes nothing.
	if out := r.mustPR(); !strings.Contains(out, "is up to date") {
		t.Errorf("second run:\n%s", out)
	}
}
