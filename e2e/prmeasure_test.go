package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/evalbench"
	"github.com/flake-unify/flake-unify/internal/giteatest"
	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// `pr --measure` on a real Gitea: the bot evaluates the attribute before
// and after in scratch copies (real Nix, a world whose dependencies read
// legacyPackages) and the pull request's description carries the table,
// beside what the runner's store said.
func TestPRMeasureInDescription(t *testing.T) {
	nix := nixtest.Default(t)
	srv := giteatest.Start(t)
	w := evalbench.New(t, nix, evalbench.LegacyPackages, 2)
	env := nix.Env(filepath.Dir(w.Root))
	for i, e := range env {
		if p, ok := strings.CutPrefix(e, "PATH="); ok {
			env[i] = "PATH=" + filepath.Dir(nix.Path) + string(os.PathListSeparator) + p
		}
	}
	env = append(append(env, srv.GitEnv()...), "GITEA_TOKEN="+srv.Token, "NO_COLOR=1",
		"GIT_AUTHOR_NAME=Dev", "GIT_AUTHOR_EMAIL=dev@example.com", "GIT_COMMITTER_NAME=Dev", "GIT_COMMITTER_EMAIL=dev@example.com")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = w.Root, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	url := srv.CreateRepo(t, "measured")
	run("git", "add", "-A")
	run("git", "commit", "-q", "--allow-empty", "-m", "flake")
	run("git", "remote", "add", "origin", url)
	run("git", "push", "-q", "origin", "HEAD:refs/heads/main")
	srv.WaitBranch(t, srv.User+"/measured", "main", strings.TrimSpace(run("git", "rev-parse", "HEAD")))

	bin, err := toolBinary()
	if err != nil {
		t.Fatal(err)
	}
	out := run(bin, "pr", "-C", w.Root, "--forge", "gitea", "--forge-url", srv.URL, "--repo", srv.User+"/measured",
		"--base", "main", "--nix-version", fmt.Sprintf("%d.%d", nix.Major, nix.Minor),
		"--measure", "report", "--measure-runs", "1")
	t.Logf("flake-unify pr:\n%s", out)
	prs := srv.PullRequests(t, srv.User+"/measured")
	if len(prs) != 1 {
		t.Fatalf("%d pull requests, want 1", len(prs))
	}
	body := prs[0].Body
	for _, want := range []string{
		"### Measured on this flake\n\n| attribute | peak memory | allocated | time | memory |\n",
		"| `report` | ",
		" | saves |\n",
		"nixpkgs store paths in flake.lock: 3 → 1.",
		"### Binary caches and downloads",
		"Read from the bot runner's Nix store",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the description lacks %q:\n%s", want, body)
		}
	}
}
