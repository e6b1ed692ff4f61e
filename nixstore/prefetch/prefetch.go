// Package prefetch puts a locked flake source into the Nix store by running
// Nix (`nix flake prefetch`). It is the one part of the store queries that
// starts a process, kept apart so that the planner, which only reads what
// the store already holds, links no process code.
package prefetch

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Nix fetches with Nix: `nix flake prefetch REF`, which puts the source
// tree into Nix's store (and checks its narHash) without evaluating
// anything. It is a nixstore.Fetcher.
type Nix struct {
	Nix string   // the nix executable, e.g. "nix"
	Env []string // its environment; nil inherits this process's
	// Store is the store to fetch into (nix --store), e.g. the root of a
	// chroot store; "" leaves it to Nix's own configuration.
	Store string
}

// Fetch runs nix flake prefetch on ref.
func (f Nix) Fetch(ctx context.Context, ref string) error {
	args := []string{"--extra-experimental-features", "nix-command flakes", "flake", "prefetch", "--json", ref}
	if f.Store != "" {
		args = append([]string{"--store", f.Store}, args...)
	}
	cmd := exec.CommandContext(ctx, f.Nix, args...)
	cmd.Env = f.Env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndex(msg, "error:"); i >= 0 {
			msg = strings.TrimSpace(msg[i:])
		}
		return fmt.Errorf("nix flake prefetch %s: %v: %s", ref, err, msg)
	}
	return nil
}
