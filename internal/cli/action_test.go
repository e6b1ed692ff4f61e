package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gitserver"
	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/internal/testenv"
)

// TestActionScript runs the shell step of action.yml as a GitHub runner
// would: the real flake-unify binary, a real git server as origin, and a
// GitHub REST endpoint that answers the two calls a first run makes (list
// open pull requests, create one) in the documented shapes. It pins that the
// action's inputs become flags the CLI accepts and that the token reaches
// git and the API through the environment only.
func TestActionScript(t *testing.T) {
	testenv.Need(t, "bash") // the action's script is bash
	script := actionRunScript(t, "../../action.yml", "pr")
	const token = "ghs_actiontest0123456789abcdefghijklmnop"

	git := gitserver.New(t, gitserver.Options{User: "x-access-token", Token: token})
	origin := git.Init(t, "owner/laptop")
	dir := filepath.Join(t.TempDir(), "laptop")
	nix, lock := mustRead(t, "../../testdata/demo/flake.nix"), mustRead(t, "../../testdata/demo/flake.lock")
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
	buildBoth(t, runner)
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

// actionStep runs one step's run block of action.yml with bash as a runner
// would (bash --noprofile --norc -eo pipefail), in dir with env added to
// the environment, and returns its combined output and exit status.
func actionStep(t *testing.T, id, dir string, env ...string) (string, int) {
	t.Helper()
	script := actionRunScript(t, "../../action.yml", id)
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	}
	t.Fatalf("step %s: %v\n%s", id, err, out)
	return "", -1
}

// stepOutputs reads a GITHUB_OUTPUT file of name=value lines.
func stepOutputs(t *testing.T, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			out[k] = v
		}
	}
	return out
}

// TestActionCheckMode runs the check step with the real binary on the demo
// flake (five nixpkgs copies) and on a flake with one: its output is
// check's, its exit status and status output are check's, and the extra
// args reach check. When the binary can write GitHub annotations (check
// --format github), they appear under GITHUB_ACTIONS=true.
func TestActionCheckMode(t *testing.T) {
	needExec(t, "bash")
	runner := t.TempDir()
	bin := buildBoth(t, runner)
	work := t.TempDir()
	for dir, files := range map[string][2]string{
		"demo": {string(mustRead(t, "../../testdata/demo/flake.nix")), string(mustRead(t, "../../testdata/demo/flake.lock"))},
		"one":  {oneNixpkgsFlake, oneNixpkgsLock},
	} {
		os.MkdirAll(filepath.Join(work, dir), 0o755)
		os.WriteFile(filepath.Join(work, dir, "flake.nix"), []byte(files[0]), 0o644)
		os.WriteFile(filepath.Join(work, dir, "flake.lock"), []byte(files[1]), 0o644)
	}

	direct := func(dir string, args ...string) string {
		cmd := exec.Command(bin, append([]string{"check", "-C", dir}, args...)...)
		cmd.Dir = work
		out, _ := cmd.Output()
		return string(out)
	}
	for _, tc := range []struct {
		dir, args string
		status    int
	}{
		{"demo", "", 1},              // five copies
		{"one", "", 0},               // one copy
		{"one", "--max 0", 1},        // the extra args reach check
		{"one", "--max 0 --json", 1}, // all of them
		{"one", "--no-such-flag", 2}, // a usage error is passed through too
	} {
		output := filepath.Join(t.TempDir(), "output")
		out, code := actionStep(t, "check", work, "RUNNER_TEMP="+runner, "GITHUB_OUTPUT="+output,
			"INPUT_DIRECTORY="+tc.dir, "INPUT_ARGS="+tc.args, "GITHUB_ACTIONS=")
		if code != tc.status {
			t.Errorf("%s, args %q: the step exited %d, want %d\n%s", tc.dir, tc.args, code, tc.status, out)
		}
		if got := stepOutputs(t, output)["status"]; got != strconv.Itoa(tc.status) {
			t.Errorf("%s, args %q: status output %q, want %d", tc.dir, tc.args, got, tc.status)
		}
		if tc.status != 2 {
			if want := direct(tc.dir, strings.Fields(tc.args)...); out != want {
				t.Errorf("%s, args %q: the step printed\n%s\nflake-unify check printed\n%s", tc.dir, tc.args, out, want)
			}
		}
	}

	help, _ := exec.Command(bin, "check", "--help").Output()
	if !strings.Contains(string(help), "--format") {
		t.Log("check writes no annotations yet (no --format): the annotation part is not checked")
		return
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	out, code := actionStep(t, "check", work, "RUNNER_TEMP="+runner, "GITHUB_OUTPUT="+filepath.Join(t.TempDir(), "o"),
		"INPUT_DIRECTORY=demo", "INPUT_ARGS=", "GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY="+summary)
	if code != 1 || !strings.Contains(out, "::warning file=demo/flake.nix,line=") {
		t.Errorf("under GITHUB_ACTIONS=true: exit %d, no annotation on demo/flake.nix:\n%s", code, out)
	}
}

// oneNixpkgsFlake and its lock hold a single nixpkgs: nothing to unify.
const oneNixpkgsFlake = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { self, nixpkgs }: { };
}
`

const oneNixpkgsLock = `{
  "nodes": {
    "nixpkgs": {
      "locked": {
        "lastModified": 1721500000,
        "narHash": "sha256-ODEKlNUASQ/pOvO3t5gc8/LxcV+43jCmxlDWpO7+0xU=",
        "owner": "NixOS",
        "repo": "nixpkgs",
        "rev": "bb942230ae42535e20d009b3705e2749db6df39e",
        "type": "github"
      },
      "original": {
        "owner": "NixOS",
        "ref": "nixos-unstable",
        "repo": "nixpkgs",
        "type": "github"
      }
    },
    "root": {
      "inputs": {
        "nixpkgs": "nixpkgs"
      }
    }
  },
  "root": "root",
  "version": 7
}
`

// TestActionBuildGo runs the steps that choose and build flake-unify on the
// go path: the cache key is the hash of go.sum, the caches the cache step
// restores are the ones go build uses (here seeded with this machine's, as
// a restored cache would be), and the binary it leaves runs.
func TestActionBuildGo(t *testing.T) {
	needExec(t, "bash")
	needExec(t, "sha256sum")
	yml := string(mustRead(t, "../../action.yml"))
	for _, want := range []string{
		"path: ${{ runner.temp }}/flake-unify-go\n",
		"key: ${{ steps.how.outputs.go-key }}\n",
		"if: steps.how.outputs.how == 'go'\n      uses: actions/cache@",
		"if: steps.how.outputs.how == 'go'\n      uses: actions/setup-go@",
	} {
		if !strings.Contains(yml, want) {
			t.Errorf("action.yml lacks %q", want)
		}
	}
	action, _ := filepath.Abs("../..")
	sum := sha256.Sum256(mustRead(t, "../../go.sum"))
	runner := t.TempDir()
	env := []string{"RUNNER_TEMP=" + runner, "GITHUB_ACTION_PATH=" + action, "RUNNER_OS=Linux"}

	// how: build go asked for, auto without nix on PATH, and refusals.
	noNix := t.TempDir()
	sha, _ := exec.LookPath("sha256sum")
	os.Symlink(sha, filepath.Join(noNix, "sha256sum"))
	for _, tc := range []struct {
		mode, build, path, how string
		code                   int
	}{
		{"check", "go", os.Getenv("PATH"), "go", 0},
		{"pr", "auto", noNix, "go", 0},
		{"check", "nix", noNix, "nix", 0},
		{"check", "cargo", noNix, "", 2},
		{"lint", "go", noNix, "", 2},
	} {
		output := filepath.Join(t.TempDir(), "output")
		out, code := actionStep(t, "how", runner, append(env, "GITHUB_OUTPUT="+output, "INPUT_MODE="+tc.mode,
			"INPUT_BUILD="+tc.build, "PATH="+tc.path)...)
		got := stepOutputs(t, output)
		if code != tc.code || got["how"] != tc.how {
			t.Errorf("mode %s, build %s: exit %d, how=%q; want %d, %q\n%s", tc.mode, tc.build, code, got["how"], tc.code, tc.how, out)
		}
		if tc.how == "go" && got["go-key"] != "flake-unify-go-Linux-"+hex.EncodeToString(sum[:]) {
			t.Errorf("go-key = %q, want the sha256 of go.sum", got["go-key"])
		}
		if tc.how != "go" && got["go-key"] != "" {
			t.Errorf("build %s: a go-key %q", tc.build, got["go-key"])
		}
	}

	// build: a restored cache (this machine's module and build caches), then go build.
	cache := filepath.Join(runner, "flake-unify-go")
	os.MkdirAll(cache, 0o755)
	for name, v := range map[string]string{"mod": "GOMODCACHE", "build": "GOCACHE"} {
		dir, err := exec.Command("go", "env", v).Output()
		if err != nil {
			t.Fatal(err)
		}
		os.Symlink(strings.TrimSpace(string(dir)), filepath.Join(cache, name))
	}
	out, code := actionStep(t, "build", runner, append(env, "HOW=go", "INPUT_NIX_FLAGS=", "GOFLAGS=-mod=mod", "GOPROXY=off")...)
	if code != 0 || !strings.HasPrefix(out, "flake-unify ") {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	if got := runBin(t, filepath.Join(runner, "flake-unify"), "--version"); got != out {
		t.Errorf("the built binary says %q, the step printed %q", got, out)
	}
	// pr is handed over to flake-unify-full: the step built it beside.
	if got := runBin(t, filepath.Join(runner, "flake-unify"), "completion", "bash"); got != "complete -o default -C flake-unify flake-unify\n" {
		t.Errorf("completion bash through the built flake-unify = %q", got)
	}
}

// actionStandIn is a nixpkgs whose buildGoModule installs the flake-unify
// binaries committed beside it (no Go toolchain is in a test's Nix store):
// enough for the repository's flake.nix to build and nix run.
const actionStandIn = `{
  outputs = { self }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
      lib = {
        inherit genAttrs;
        optionalString = c: s: if c then s else "";
        versionAtLeast = v: w: builtins.compareVersions v w >= 0;
      };
      pkgsFor = system: let pkgs = {
        inherit lib;
        stdenv = {
          hostPlatform = { inherit system; };
          buildPlatform = { inherit system; canExecute = p: p.system == system; };
        };
        callPackage = f: args:
          let fn = if builtins.isFunction f then f else import f;
          in fn (builtins.intersectAttrs (builtins.functionArgs fn) pkgs // args);
        installShellFiles = null;
        go.version = "1.26.1";
        buildGoModule = a: derivation {
          name = "${a.pname}-${a.version}";
          inherit system;
          builder = "/bin/sh";
          PATH = "/usr/bin:/bin";
          args = [ "-c" "mkdir -p $out/bin && cp ${self}/flake-unify ${self}/flake-unify-full $out/bin/" ];
        } // { inherit (a) meta; };
      }; in pkgs;
    in { inherit lib; legacyPackages = genAttrs systems pkgsFor; };
}`

// TestActionBuildNix runs the steps that choose and build flake-unify on
// the nix path with each real Nix: how picks nix when nix is on PATH, build
// runs nix build of a copy of this repository's flake (nixpkgs overridden
// through the nix-flags input by a stand-in, as there is no nixpkgs to
// fetch here) and leaves a flake-unify that runs it with nix run; the check
// step then runs through it.
//
// It runs with the oldest Nix only: nix run from a test's private (chroot)
// store re-executes nix in a mount namespace, which the current Nix that
// .ci unpacks (a loader wrapper, not an installed binary) cannot do.
func TestActionBuildNix(t *testing.T) {
	needExec(t, "bash")
	static := buildBoth(t, t.TempDir(), "CGO_ENABLED=0")
	{
		nix := nixtest.Default(t)
		u := nixtest.NewUniverse(t)
		np, npURL := u.Flake("nixpkgs", actionStandIn)
		for _, name := range []string{"flake-unify", FullName} {
			if err := os.WriteFile(filepath.Join(np, name), mustRead(t, filepath.Join(filepath.Dir(static), name)), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		u.Commit(np)
		action, _ := u.Flake("action", string(mustRead(t, "../../flake.nix")))
		for _, f := range []string{"action.yml", "nix/package.nix", "go.mod", "go.sum", "cmd/flake-unify/main.go", "cmd/flake-unify-full/main.go"} {
			u.WriteFile(action, f, string(mustRead(t, filepath.Join("../..", f))))
		}
		work, _ := u.Flake("work", "{ outputs = { self }: { }; }")
		u.WriteFile(work, "flake.nix", string(mustRead(t, "../../testdata/demo/flake.nix")))
		u.WriteFile(work, "flake.lock", string(mustRead(t, "../../testdata/demo/flake.lock")))
		nix.MustRun(t, work, "--version") // makes the universe's Nix state directories

		// The runner's PATH with this Nix as nix; the chroot store builds
		// in a sandbox, which needs the host's /bin/sh, mkdir and cp.
		bindir := t.TempDir()
		os.Symlink(nix.Path, filepath.Join(bindir, "nix"))
		var env []string
		for _, kv := range nix.Env(u.Root) {
			switch {
			case strings.HasPrefix(kv, "PATH="):
				kv = "PATH=" + bindir + string(os.PathListSeparator) + strings.TrimPrefix(kv, "PATH=")
			case strings.HasPrefix(kv, "NIX_CONFIG="):
				kv += "\nsandbox-paths = /bin /lib /lib64 /usr"
			}
			env = append(env, kv)
		}
		runner := t.TempDir()
		output := filepath.Join(runner, "output")
		env = append(env, "RUNNER_TEMP="+runner, "GITHUB_ACTION_PATH="+action, "RUNNER_OS=Linux", "GITHUB_OUTPUT="+output)
		step := func(id string, more ...string) (string, int) {
			script := actionRunScript(t, filepath.Join(action, "action.yml"), id)
			cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
			cmd.Dir = work
			cmd.Env = append(append([]string{}, env...), more...)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return string(out), ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			return string(out), 0
		}

		out, code := step("how", "INPUT_MODE=check", "INPUT_BUILD=auto")
		if how := stepOutputs(t, output)["how"]; code != 0 || how != "nix" {
			t.Fatalf("how: exit %d, how=%q with nix on PATH\n%s", code, how, out)
		}
		out, code = step("build", "HOW=nix", "INPUT_NIX_FLAGS=--override-input nixpkgs "+npURL)
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, out)
		}
		want := runBin(t, static, "--version")
		if !strings.HasSuffix(out, want) {
			t.Errorf("build printed %q, want it to end with the binary's %q", out, want)
		}
		wrapper := string(mustRead(t, filepath.Join(runner, "flake-unify")))
		if !strings.Contains(wrapper, " run --override-input nixpkgs "+npURL+" path:"+action+" -- \"$@\"\n") {
			t.Errorf("the wrapper does not nix run the action's flake:\n%s", wrapper)
		}
		out, code = step("check", "INPUT_DIRECTORY=.", "INPUT_ARGS=--max 4", "GITHUB_ACTIONS=")
		direct := exec.Command(static, "check", "-C", ".", "--max", "4")
		direct.Dir = work
		checked, _ := direct.Output()
		if code != 1 || len(checked) == 0 || !strings.HasSuffix(out, string(checked)) { // nix warns on stderr first
			t.Errorf("check through nix run: exit %d, printed\n%s\nthe binary itself prints\n%s", code, out, checked)
		}
	}
}

// buildBoth builds flake-unify and flake-unify-full into dir, as
// `go install …/cmd/...` puts them side by side, with env added to the
// environment; it returns the path of flake-unify.
func buildBoth(t *testing.T, dir string, env ...string) string {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", dir+string(os.PathSeparator), "../../cmd/...")
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return filepath.Join(dir, "flake-unify")
}
