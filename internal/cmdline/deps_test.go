package cmdline_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// The reason this package exists is what it does not link: kong and the
// packages kong brings that cost start-up time (go/doc, text/template,
// regexp and what they pull in; os/user, which links cgo).
func TestLinksNoHeavyPackages(t *testing.T) {
	gobin := testenv.Need(t, "go")
	out, err := exec.Command(gobin, "list", "-deps", "github.com/flake-unify/flake-unify/internal/cmdline").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps gave only %q", deps)
	}
	banned := []string{"github.com/alecthomas/kong", "go/doc", "go/doc/comment", "text/template", "regexp",
		"encoding/json", "net/url", "os/user", "runtime/cgo", "fmt"}
	for _, d := range deps {
		for _, b := range banned {
			if d == b {
				t.Errorf("internal/cmdline depends on %s", d)
			}
		}
	}
}
