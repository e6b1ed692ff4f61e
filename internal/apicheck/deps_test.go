package apicheck

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestPlannerLinksNoRenderingAndNoProcess: the planner decides and rewrites;
// showing a plan is the presentation packages' job and running Nix or git is
// the command's. So neither unify nor the policy package may link a
// rendering package or the code that starts processes (os/exec), even
// indirectly through a package they use for its types.
func TestPlannerLinksNoRenderingAndNoProcess(t *testing.T) {
	forbidden := []string{
		"os/exec", "net/http",
		"github.com/flake-unify/flake-unify/planview",
		"github.com/flake-unify/flake-unify/lockview",
		"github.com/flake-unify/flake-unify/diffview",
		"github.com/flake-unify/flake-unify/prbody",
	}
	for _, pkg := range []string{"github.com/flake-unify/flake-unify/unify", "github.com/flake-unify/flake-unify/policy"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := map[string]bool{}
		for _, d := range strings.Fields(string(out)) {
			deps[d] = true
		}
		if !deps["github.com/flake-unify/flake-unify/lockgraph"] {
			t.Fatalf("go list -deps %s does not list lockgraph: %s", pkg, out)
		}
		for _, f := range forbidden {
			if deps[f] {
				t.Errorf("%s links %s", pkg, f)
			}
		}
	}
}

// TestFastBinaryLinksNoGitAndNoHTTP: flake-unify is the binary every check,
// plan and --help starts, and a Go binary initialises every package it links
// before main, used or not. go-git (with its crypto, ssh and gob), net/http
// and the forge clients cost each start hundreds of page faults; they belong
// to flake-unify-full, which flake-unify hands apply and pr to. So does kong
// (with go/doc and text/template), which only completion and the manual page
// use: flake-unify parses its command line with internal/cmdline.
func TestFastBinaryLinksNoGitAndNoHTTP(t *testing.T) {
	const pkg = "github.com/flake-unify/flake-unify/cmd/flake-unify"
	out, err := exec.Command("go", "list", "-deps", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/flake-unify/flake-unify/unify") {
		t.Fatalf("go list -deps %s does not list unify: %s", pkg, out)
	}
	for _, d := range deps {
		for _, f := range []string{"github.com/go-git/", "github.com/ProtonMail/", "golang.org/x/crypto/ssh", "net/http", "crypto/tls",
			"github.com/flake-unify/flake-unify/gitops", "github.com/flake-unify/flake-unify/bot", "github.com/flake-unify/flake-unify/forge",
			"github.com/alecthomas/kong", "github.com/willabides/kongplete", "github.com/posener/complete", "go/doc", "text/template"} {
			if d == f || strings.HasPrefix(d, f) && (strings.HasSuffix(f, "/") || d[len(f)] == '/') {
				if d != "github.com/flake-unify/flake-unify/gitops/gitmode" {
					t.Errorf("%s links %s", pkg, d)
				}
			}
		}
	}
}
