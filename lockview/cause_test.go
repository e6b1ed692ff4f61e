package lockview_test

import (
	"errors"
	"io"
	"testing"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
)

// errFull is what the failing writer returns.
var errFull = errors.New("disk full")

type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errFull }

// A writer's failure comes back from every renderer as its own error, so a
// caller can errors.Is it.
func TestWriteErrorsKeepTheCause(t *testing.T) {
	l, err := lockgraph.Parse("flake.lock", []byte(`{"nodes": {"nixpkgs": {"locked": {"type": "github", "owner": "NixOS", "repo": "nixpkgs", "rev": "0123456789abcdef0123456789abcdef01234567", "lastModified": 1700000000, "narHash": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}, "original": {"type": "github", "owner": "NixOS", "repo": "nixpkgs"}}, "root": {"inputs": {"nixpkgs": "nixpkgs"}}}, "root": "root", "version": 7}`))
	if err != nil {
		t.Fatal(err)
	}
	v, err := lockview.New(l, lockgraph.Classifier{})
	if err != nil {
		t.Fatal(err)
	}
	for name, render := range map[string]func(io.Writer) error{
		"Tree":    func(w io.Writer) error { return v.Tree(w, "flake.lock") },
		"Dot":     func(w io.Writer) error { return v.Dot(w, "flake.lock") },
		"Mermaid": v.Mermaid,
		"JSON":    v.JSON,
	} {
		if err := render(fullWriter{}); !errors.Is(err, errFull) {
			t.Errorf("%s: %v; want the writer's error", name, err)
		}
	}
}
