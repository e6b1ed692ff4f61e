package apicheck

import (
	"os/exec"
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
