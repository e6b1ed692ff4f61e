package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// reference is the unifier done by hand: it writes the follows declarations
// the policy model asks for into the root flake.nix (appended before the
// closing brace) and lets Nix lock. On Nix < 2.30 it does not
// hoist; it reports depth ≥ 3 paths instead. It exists to validate the judge.
type reference struct{}

func (reference) String() string { return "reference unifier" }

func (reference) model(w *world) *policyModel {
	orig, err := parseLock(w.origLock)
	if err != nil {
		w.t.Fatal(err)
	}
	m, problems := buildModel(orig, w.classifier(), w.spec.Opts, w.newNix(), nil)
	if len(problems) > 0 {
		w.t.Fatalf("reference: %v", problems)
	}
	return m
}

func (r reference) plan(w *world) ([]string, error) {
	var out []string
	m := r.model(w)
	for _, ru := range m.rules {
		if !ru.keep && !ru.alias && len(ru.path) >= 3 && !w.newNix() && ru.origKey != m.targets[ru.group].key {
			out = append(out, ru.String())
		}
	}
	return out, nil
}

// decls are the declarations the reference writes.
func (r reference) decls(w *world) []string {
	m := r.model(w)
	var d []string
	for _, ru := range m.rules {
		t := m.targets[ru.group]
		if ru.keep || ru.alias || ru.origKey == t.key || (len(ru.path) >= 3 && !w.newNix()) {
			continue
		}
		d = append(d, fmt.Sprintf("%s = %q;", declPath(ru.String()), t.decl))
	}
	return d
}

func (r reference) apply(w *world) error {
	text := string(w.read("flake.nix"))
	if text != w.rootText { // second run: already applied
		return nil
	}
	decls := r.decls(w)
	if len(decls) == 0 {
		return nil
	}
	w.write("flake.nix", []byte(appendDecls(text, decls)))
	_, _, err := w.nix.Run(w.t, w.root, "flake", "lock")
	return err
}

// appendDecls inserts bindings before the closing brace of the top-level set,
// in the file's own line-ending convention.
func appendDecls(text string, decls []string) string {
	nl := "\n"
	if strings.Contains(text, "\r\n") {
		nl = "\r\n"
	}
	i := strings.LastIndex(text, "}")
	var b strings.Builder
	b.WriteString(strings.TrimRight(text[:i], " \t\r\n") + nl)
	for _, d := range decls {
		b.WriteString("  " + d + nl)
	}
	b.WriteString(text[i:])
	return b.String()
}

// tool is flake-unify itself, the binary built in TestMain.
type tool struct{}

func (tool) String() string { return "flake-unify" }

func (tool) versionArgs(w *world) []string {
	return []string{"--nix-version", fmt.Sprintf("%d.%d", w.nix.Major, w.nix.Minor), "--match", matchRE}
}

func (t tool) run(w *world, args ...string) (string, error) {
	w.t.Helper()
	bin, err := toolBinary()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = w.root
	// The tool must not need Nix: no Nix on its PATH, only git.
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	w.t.Logf("flake-unify %s: %v, %.2fs\n%s", strings.Join(args, " "), err, time.Since(start).Seconds(), stderr.String())
	if err != nil {
		return stdout.String(), fmt.Errorf("flake-unify %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), nil
}

func (t tool) plan(w *world) ([]string, error) {
	out, err := t.run(w, append(append([]string{"plan", "--json", "-C", w.root}, t.versionArgs(w)...), w.spec.Opts.args()...)...)
	if err != nil {
		return nil, err
	}
	w.planOut = out
	return reportedPaths([]byte(out))
}

func (t tool) apply(w *world) error {
	_, err := t.run(w, append(append([]string{"apply", "--no-commit", "-C", w.root}, t.versionArgs(w)...), w.spec.Opts.args()...)...)
	return err
}

// reportedPaths reads, from `plan --json`, the input paths the tool says it
// cannot redirect. The format is the tool's; see planJSON.
func reportedPaths(data []byte) ([]string, error) {
	var p planJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("plan --json: %v\n%s", err, data)
	}
	return p.reported(), nil
}

// toolBinary is the flake-unify binary TestMain built (or why it could not).
func toolBinary() (string, error) {
	if buildErr != nil {
		return "", buildErr
	}
	return binPath, nil
}

var (
	binPath  string
	buildErr error
)

// buildTool builds ./cmd/flake-unify once per test process into dir, and
// flake-unify-full beside it: apply goes through the hand-over from one to
// the other, as an installed flake-unify's does.
func buildTool(dir string) {
	binPath = filepath.Join(dir, "flake-unify")
	cmd := exec.Command("go", "build", "-o", dir+string(os.PathSeparator), "./cmd/...")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build ./cmd/...: %v\n%s", err, out)
	}
}

// planJSON is the part of `flake-unify plan --json` the judge reads: the
// nodes kept because a redirect would be too deep for the Nix in use.
type planJSON struct {
	Kept []struct {
		Reason string   `json:"reason"`
		Why    string   `json:"why"`
		Paths  []string `json:"paths"`
	} `json:"kept"`
}

func (p planJSON) reported() []string {
	var out []string
	for _, k := range p.Kept {
		if k.Reason == "depth" {
			out = append(out, k.Paths...)
		}
	}
	return out
}
