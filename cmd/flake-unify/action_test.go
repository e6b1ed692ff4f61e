package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gitserver"
)

// TestActionScript runs the shell step of action.yml as a GitHub runner
// would: the real flake-unify binary, a real git server as origin, and a
// GitHub REST endpoint that answers the two calls a first run makes (list
// open pull requests, create one) in the documented shapes. It pins that the
// action's inputs become flags the CLI accepts and that the token reaches
// git and the API through the environment only.
func TestActionScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: the action's script needs bash")
		}
		t.Skip("no bash")
	}
	script := actionRunScript(t, "../../action.yml", "pr")
	const token = "ghs_actiontest0123456789abcdefghijklmnop"

	git := gitserver.New(t, gitserver.Options{User: "x-access-token", Token: token})
	origin := git.Init(t, "owner/laptop")
	dir := filepath.Join(t.TempDir(), "laptop")
	nix, lock := readDemo(t)
	gitRun(t, "", "init", "-q", "-b", "main", dir)
	gitRun(t, dir, "remote", "add", "origin", origin)
	os.WriteFile(filepath.Join(dir, "flake.nix"), nix, 0o644)
	os.WriteFile(filepath.Join(dir, "flake.lock"), lock, 0o644)
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "initial")
	pushURL := strings.Replace(origin, "://", "://x-access-token:"+token+"@", 1)
	gitRun(t, dir, "push", "-q", pushURL, "main")

	var (
		mu      sync.Mutex
		created map[string]any
		auth    []string
	)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		auth = append(auth, r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "GET" && r.URL.Path == "/api/v3/repos/owner/laptop/pulls":
			if r.URL.Query().Get("head") != "owner:flake-unify/nixpkgs" || r.URL.Query().Get("state") != "open" {
				http.Error(w, `{"message":"unexpected query"}`, http.StatusBadRequest)
				return
			}
			w.Write([]byte("[]"))
		case r.Method == "POST" && r.URL.Path == "/api/v3/repos/owner/laptop/pulls":
			json.NewDecoder(r.Body).Decode(&created)
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(map[string]any{
				"number": 7, "html_url": "https://github.example/owner/laptop/pull/7", "state": "open",
				"title": created["title"], "body": created["body"],
				"head": map[string]any{"ref": created["head"], "repo": map[string]any{"full_name": "owner/laptop"}},
				"base": map[string]any{"ref": created["base"]},
			})
		default:
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		}
	}))
	defer api.Close()

	runner := t.TempDir()
	bin := filepath.Join(runner, "flake-unify")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	output := filepath.Join(runner, "output")
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"RUNNER_TEMP="+runner, "GITHUB_OUTPUT="+output,
		"GITHUB_API_URL="+api.URL+"/api/v3", "GITHUB_REPOSITORY=owner/laptop", // the API root as on GitHub Enterprise Server
		"FLAKE_UNIFY_TOKEN="+token,
		"INPUT_DIRECTORY=.", "INPUT_BASE=", "INPUT_BRANCH=flake-unify/nixpkgs",
		"INPUT_CLOSE_STALE=false", "INPUT_ARGS=--strategy root --nix-version 2.8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the action's step failed: %v\n%s", err, out)
	}
	if strings.Contains(string(out), token) {
		t.Error("the token appears in the step's output")
	}
	res, _ := os.ReadFile(output)
	if string(res) != "result=opened pull request #7: https://github.example/owner/laptop/pull/7\n" {
		t.Errorf("step output = %q", res)
	}
	if created["base"] != "main" || created["head"] != "flake-unify/nixpkgs" {
		t.Errorf("created %v → %v", created["head"], created["base"])
	}
	for _, a := range auth {
		if a != "Bearer "+token {
			t.Errorf("API request with Authorization %q", a)
		}
	}
	pushes := 0
	for _, r := range git.Requests() {
		if r.Push() {
			pushes++
		}
	}
	if pushes == 0 {
		t.Error("the bot branch was not pushed")
	}
	if cfg, _ := os.ReadFile(filepath.Join(dir, ".git", "config")); strings.Contains(string(cfg), token) {
		t.Error("the token was written into .git/config")
	}
}

// actionRunScript returns the `run: |` block of the step with the given id
// in a composite action file (the file is ours; a full YAML parser would be
// a dependency for one test).
func actionRunScript(t *testing.T, file, id string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	inStep, indent := false, -1
	var script []string
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		switch {
		case indent >= 0:
			if trimmed != "" && len(l)-len(strings.TrimLeft(l, " ")) < indent {
				return strings.Join(script, "\n")
			}
			if len(l) >= indent {
				l = l[indent:]
			}
			script = append(script, l)
		case trimmed == "id: "+id:
			inStep = true
		case inStep && trimmed == "run: |":
			indent = len(l) - len(strings.TrimLeft(l, " ")) + 2
		}
	}
	if indent < 0 {
		t.Fatalf("%s: no step with id %q and a run block", file, id)
	}
	return strings.Join(script, "\n")
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Dev", "GIT_AUTHOR_EMAIL=dev@example.com",
		"GIT_COMMITTER_NAME=Dev", "GIT_COMMITTER_EMAIL=dev@example.com", "GIT_TERMINAL_PROMPT=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
