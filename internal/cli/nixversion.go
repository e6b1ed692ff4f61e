package cli

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"time"

	"github.com/flake-unify/flake-unify/internal/lazy"
	"github.com/flake-unify/flake-unify/unify"
)

// RunnerNix is the bot's Nix when the policy names none: the runner's own,
// which need not be the one the repository's users run, and the plan says
// so wherever the version decides something.
func RunnerNix() unify.NixVersion {
	v := detectNix()
	if v.Known() {
		v.Source = "the bot runner's nix --version; set nix-version in flake-unify.toml to the oldest Nix your users run"
	}
	return v
}

// versionOutRE matches "nix (Nix) 2.8.0" and "nix (Determinate Nix 3.8.2)
// 2.30.2". It is compiled when first needed: every start would pay for it.
var versionOutRE lazy.Value[*regexp.Regexp]

// detectNix runs `nix --version` when nix is on PATH. Without nix, or when
// its answer cannot be read, it returns unify.UnknownNix. The planner asks
// only when the answer matters, so plans that do not need it run no
// process.
func detectNix() unify.NixVersion {
	path, err := exec.LookPath("nix")
	if err != nil {
		return unify.UnknownNix
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return unify.UnknownNix
	}
	m := versionOutRE.Get(func() *regexp.Regexp {
		return regexp.MustCompile(`\([^)]*Nix[^)]*\) (\d+)\.(\d+)`)
	}).FindSubmatch(out)
	if m == nil {
		return unify.UnknownNix
	}
	maj, _ := strconv.Atoi(string(m[1]))
	minor, _ := strconv.Atoi(string(m[2]))
	return unify.NixVersion{Major: maj, Minor: minor, Source: "nix --version"}
}
