package cli

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// TestVersionAgainstBuildInfo builds flake-unify from a copy of this module
// committed to a fresh git repository (a git worktree gets no VCS stamp from
// go build), runs the binary, and compares what it says with what
// `go version -m` reads from the same file: module version, revision, time,
// modified and Go version. It then builds again with the release override and
// with an uncommitted change.
func TestVersionAgainstBuildInfo(t *testing.T) {
	needExec(t, "git")
	src := t.TempDir()
	copyModuleSource(t, "../..", src)
	gitRun(t, src, "init", "-q", "-b", "main")
	gitRun(t, src, "add", ".")
	gitRun(t, src, "commit", "-q", "-m", "snapshot")
	head := gitOutput(t, src, "rev-parse", "HEAD")

	bin := filepath.Join(t.TempDir(), "flake-unify")
	goBuild(t, src, bin)
	info := buildInfoOf(t, bin)
	if info["vcs.revision"] != head {
		t.Fatalf("go build stamped revision %q, want HEAD %s (build info %v)", info["vcs.revision"], head, info)
	}
	got := versionOf(t, bin)
	want := buildVersion{Version: info["mod"], Module: "github.com/flake-unify/flake-unify", Revision: head,
		Time: info["vcs.time"], Modified: false, Go: info["go"]}
	if got != want {
		t.Errorf("version --json = %+v\nbuild info says %+v", got, want)
	}
	line := runBin(t, bin, "--version")
	if line != want.String()+"\n" {
		t.Errorf("--version = %q, want %q", line, want.String())
	}
	for _, part := range []string{"flake-unify " + info["mod"], "revision " + head, info["vcs.time"], info["go"]} {
		if !strings.Contains(line, part) {
			t.Errorf("--version %q lacks %q", line, part)
		}
	}

	// The release override wins over the module version; the rest stays.
	goBuild(t, src, bin, "-ldflags", "-X main.version=v9.8.7")
	got = versionOf(t, bin)
	want.Version = "v9.8.7"
	if got != want {
		t.Errorf("with -X: version --json = %+v, want %+v", got, want)
	}
	if line := runBin(t, bin, "--version"); !strings.HasPrefix(line, "flake-unify v9.8.7 (revision "+head) {
		t.Errorf("with -X: --version = %q", line)
	}

	// An uncommitted change is reported.
	if err := os.WriteFile(filepath.Join(src, "go.mod"), append(mustRead(t, filepath.Join(src, "go.mod")), "\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	goBuild(t, src, bin)
	info = buildInfoOf(t, bin)
	if got := versionOf(t, bin); !got.Modified || info["vcs.modified"] != "true" || got.Version != info["mod"] {
		t.Errorf("after an uncommitted change: %+v, build info %v", got, info)
	}
	if line := runBin(t, bin, "--version"); !strings.Contains(line, ", modified)") {
		t.Errorf("after an uncommitted change: --version = %q", line)
	}
}

func needExec(t *testing.T, name string) {
	t.Helper()
	testenv.Need(t, name)
}

// copyModuleSource copies what building the command needs: go.mod, go.sum and
// every non-test Go file outside testdata.
func copyModuleSource(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			if name := d.Name(); rel != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || name == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		keep := rel == "go.mod" || rel == "go.sum" || (strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go"))
		if !keep {
			return nil
		}
		if err := os.MkdirAll(filepath.Join(to, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), mustRead(t, p), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// goBuild runs go build with VCS stamping asked for explicitly (a GOFLAGS of
// -buildvcs=false would otherwise leave it out).
func goBuild(t *testing.T, dir, out string, flags ...string) {
	t.Helper()
	args := append([]string{"build", "-buildvcs=true", "-trimpath", "-o", out}, flags...)
	cmd := exec.Command("go", append(args, "./cmd/flake-unify")...)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
	}
}

// buildInfoOf reads a binary's build info the way the Go tool does: "go" is
// the toolchain, "mod" the main module's version, the rest build settings.
func buildInfoOf(t *testing.T, bin string) map[string]string {
	t.Helper()
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	info := map[string]string{}
	for i, l := range strings.Split(string(out), "\n") {
		f := strings.Split(strings.TrimPrefix(l, "\t"), "\t")
		switch {
		case i == 0:
			info["go"] = strings.TrimSpace(l[strings.LastIndex(l, " ")+1:])
		case f[0] == "mod" && len(f) >= 3:
			info["mod"] = f[2]
		case f[0] == "build" && len(f) >= 2:
			if k, v, ok := strings.Cut(f[1], "="); ok {
				info[k] = v
			}
		}
	}
	return info
}

func versionOf(t *testing.T, bin string) buildVersion {
	t.Helper()
	var v buildVersion
	if err := json.Unmarshal([]byte(runBin(t, bin, "version", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func runBin(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", bin, strings.Join(args, " "), err)
	}
	return string(out)
}

func gitOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}
