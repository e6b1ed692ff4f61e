package prbody

import (
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/unify"
)

// TestWhyCode: a kept reason's `code` spans render as code (not as
// escaped backticks), the rest as escaped text.
func TestWhyCode(t *testing.T) {
	for in, want := range map[string]string{
		"declare `inputs.a.follows = \"a\";` then run `nix flake lock`": "declare `inputs.a.follows = \"a\";` then run `nix flake lock`",
		"a | b *c*":          `a \| b \*c\*`,
		"one ` backtick":     "one \\` backtick",
		"pipe `a|b` in code": "pipe `a\\|b` in code",
	} {
		if got := why(in); got != want {
			t.Errorf("why(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPolicyBlock: the policy that decided is in a collapsed block.
func TestPolicyBlock(t *testing.T) {
	p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: []byte(`{"nodes":{"root":{}},"root":"root","version":7}`)}, unify.Options{LockOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	pol := "keep = [\"a\"]  # flake-unify.toml:1:8\n"
	body, err := Body(p, Options{Policy: pol})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "<details><summary>Policy</summary>\n\n```toml\n"+pol+"```\n\n</details>") {
		t.Errorf("no policy block in:\n%s", body)
	}
	if body, _ := Body(p, Options{}); strings.Contains(body, "Policy") {
		t.Errorf("a policy block without a policy:\n%s", body)
	}
}
