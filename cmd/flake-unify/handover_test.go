package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHandOver installs both binaries side by side, as go install ./cmd/...
// and the Nix package do, and checks that what flake-unify hands
// to flake-unify-full comes out as if flake-unify-full had been run: the
// same output, exit status and written files, for a success, a refusal,
// completion and the manual page; through a symbolic link (a Nix profile's
// bin) too. Without flake-unify-full beside it, flake-unify names the
// missing binary, gives the install command and writes nothing.
func TestHandOver(t *testing.T) {
	// What the README's go install …/cmd/...@latest does, from this tree.
	bin := t.TempDir()
	install := exec.Command("go", "install", "../...")
	install.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install ./cmd/...: %v\n%s", err, out)
	}
	fast, full := filepath.Join(bin, "flake-unify"), filepath.Join(bin, "flake-unify-full")
	profile := t.TempDir()
	if err := os.Symlink(fast, filepath.Join(profile, "flake-unify")); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(profile, "flake-unify")

	demo := func() string {
		dir := t.TempDir()
		for _, f := range []string{"flake.nix", "flake.lock"} {
			b, err := os.ReadFile(filepath.Join("../../testdata/demo", f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	for _, tc := range []struct {
		name string
		args func() []string
		env  []string
		code int
		says string // in stdout or stderr
	}{
		{"apply", func() []string { return []string{"apply", "--no-commit", "-C", demo()} }, nil, 0, "wrote "},
		{"apply refused", func() []string { return []string{"apply", "-C", filepath.Join(t.TempDir(), "none")} }, nil, 2, "hint: "},
		{"pr usage", func() []string { return []string{"pr", "--forge", "gitea"} }, nil, 2, "missing flags: --repo"},
		{"completion", func() []string { return []string{"completion", "zsh"} }, nil, 0, "#compdef flake-unify"},
		{"man", func() []string { return []string{"man"} }, nil, 0, ".SH COMMANDS"},
		{"COMP_LINE", func() []string { return nil }, []string{"COMP_LINE=flake-unify apply --g", "COMP_POINT=25"}, 0, "--git"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, via := range []string{fast, linked} {
				dirA, dirB := tc.args(), tc.args()
				want := runIt(t, full, dirA, tc.env)
				got := runIt(t, via, dirB, tc.env)
				// The flake directory differs between the two runs.
				if len(dirA) > 0 {
					got.stdout = strings.ReplaceAll(got.stdout, dirB[len(dirB)-1], dirA[len(dirA)-1])
					got.stderr = strings.ReplaceAll(got.stderr, dirB[len(dirB)-1], dirA[len(dirA)-1])
				}
				if got != want {
					t.Errorf("%s %q:\n got %+v\nwant %+v (flake-unify-full's)", via, dirB, got, want)
				}
				if want.code != tc.code || !strings.Contains(want.stdout+want.stderr, tc.says) {
					t.Errorf("flake-unify-full: exit %d, want %d and %q in\n%s%s", want.code, tc.code, tc.says, want.stdout, want.stderr)
				}
				if tc.name == "apply" {
					for _, f := range []string{"flake.nix", "flake.lock"} {
						a, _ := os.ReadFile(filepath.Join(dirA[len(dirA)-1], f))
						b, _ := os.ReadFile(filepath.Join(dirB[len(dirB)-1], f))
						if !bytes.Equal(a, b) {
							t.Errorf("%s differs after apply through %s", f, via)
						}
					}
				}
			}
		})
	}

	// Alone, flake-unify runs what it has and names what it lacks.
	alone := filepath.Join(t.TempDir(), "flake-unify")
	b, err := os.ReadFile(fast)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(alone, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if r := runIt(t, alone, []string{"plan", "-C", demo(), "--lock-only"}, nil); r.code != 0 {
		t.Errorf("plan alone: exit %d\n%s", r.code, r.stderr)
	}
	dir := demo()
	before, _ := os.ReadFile(filepath.Join(dir, "flake.lock"))
	r := runIt(t, alone, []string{"apply", "--no-commit", "-C", dir}, nil)
	wantErr := "apply needs flake-unify-full, which is not installed beside flake-unify: no " + filepath.Join(filepath.Dir(alone), "flake-unify-full") + "\n" +
		"hint: install both binaries: go install github.com/flake-unify/flake-unify/cmd/...@latest (or use the Nix package, which has both)\n"
	if r.code != 2 || r.stdout != "" || r.stderr != wantErr {
		t.Errorf("apply alone: exit %d, stdout %q, stderr %q\nwant exit 2 and %q", r.code, r.stdout, r.stderr, wantErr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "flake.lock")); !bytes.Equal(before, after) {
		t.Error("apply alone wrote flake.lock")
	}

	// A flake-unify-full that cannot be run is named, with the same hint.
	if err := os.WriteFile(filepath.Join(filepath.Dir(alone), "flake-unify-full"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runIt(t, alone, []string{"apply", "--no-commit", "-C", dir}, nil)
	if wantErr := "cannot run " + filepath.Join(filepath.Dir(alone), "flake-unify-full") + ": permission denied\nhint: install both binaries"; r.code != 2 || !strings.HasPrefix(r.stderr, wantErr) {
		t.Errorf("apply beside a flake-unify-full that is not executable: exit %d, stderr %q, want exit 2 and %q…", r.code, r.stderr, wantErr)
	}
}

type result struct {
	stdout, stderr string
	code           int
}

func runIt(t *testing.T, bin string, args, env []string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}
