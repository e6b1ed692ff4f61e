// Package nix checks the Nix packaging at the repository root: flake.nix
// and nix/package.nix parse, the vendorHash is the hash of what `go mod
// vendor` writes for the current go.sum, and the flake's outputs have the
// shapes `nix flake check` demands when evaluated against a small local
// stand-in for nixpkgs (there is no nixpkgs to fetch here, so the build
// itself is not run).
package nix

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

var vendorHashRe = regexp.MustCompile(`(?m)^\s*vendorHash = "([^"]*)";`)

// TestVendorHash recomputes buildGoModule's vendorHash: `go mod vendor` into
// a scratch directory, then `nix hash path` of it, with every Nix there is.
func TestVendorHash(t *testing.T) {
	pkg, err := os.ReadFile("package.nix")
	if err != nil {
		t.Fatal(err)
	}
	m := vendorHashRe.FindSubmatch(pkg)
	if m == nil {
		t.Fatal("nix/package.nix has no vendorHash = \"…\"; line")
	}
	have := string(m[1])

	vendor := filepath.Join(t.TempDir(), "vendor")
	cmd := exec.Command("go", "mod", "vendor", "-o", vendor)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod vendor: %v\n%s", err, out)
	}
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		dir, _ := u.Flake("work", "{ outputs = { self }: { }; }")
		out := nix.MustRun(t, dir, "hash", "path", vendor)
		want := strings.TrimSpace(out)
		if !strings.HasPrefix(want, "sha256-") {
			t.Fatalf("nix hash path printed %q, not an SRI sha256", out)
		}
		if have != want {
			t.Errorf("nix/package.nix: vendorHash is %s, but the go mod vendor tree of go.sum hashes to\n\tvendorHash = %q;", have, want)
		}
	})
}

// TestParse: both files, and the Nix snippets of the README's Install
// section, parse as Nix with every Nix there is.
func TestParse(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The Install section's snippets only: other sections may quote parts
	// of a flake.nix that are no expression on their own.
	_, install, _ := strings.Cut(string(readme), "\n## Install\n")
	install, _, _ = strings.Cut(install, "\n## ")
	snippets := regexp.MustCompile("(?s)```nix\n(.*?)```").FindAllSubmatch([]byte(install), -1)
	if len(snippets) == 0 {
		t.Fatal("README.md: no nix snippet in the Install section")
	}
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		dir, _ := u.Flake("work", "{ outputs = { self }: { }; }")
		for _, f := range []string{"flake.nix", "nix/package.nix"} {
			abs, _ := filepath.Abs(filepath.Join("..", f))
			if _, stderr, err := nix.Instantiate(t, dir, "--parse", abs); err != nil {
				t.Errorf("nix-instantiate --parse %s: %v\n%s", f, err, stderr)
			}
		}
		for i, m := range snippets {
			name := filepath.Join(t.TempDir(), "snippet.nix")
			if err := os.WriteFile(name, m[1], 0o644); err != nil {
				t.Fatal(err)
			}
			if _, stderr, err := nix.Instantiate(t, dir, "--parse", name); err != nil {
				t.Errorf("README.md, nix snippet %d does not parse: %v\n%s\n%s", i+1, err, stderr, m[1])
			}
		}
	})
}

// standIn is a nixpkgs with just what flake.nix and nix/package.nix use.
// Its buildGoModule checks the arguments it can check without building
// (an SRI vendorHash, go.mod and the subpackages in src, the version stamped
// into the variable --version reads) and returns a derivation that would
// fail if built; callPackage passes only the arguments a function asks for,
// as the real one does, so an argument nixpkgs lacks shows as an error.
const standIn = `{
  outputs = { self }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
      lib = {
        inherit genAttrs;
        optionalString = c: s: if c then s else "";
        versionAtLeast = v: w: builtins.compareVersions v w >= 0;
      };
      stub = system: name: derivation { inherit name system; builder = "/bin/sh"; args = [ "-c" "exit 1" ]; };
      pkgsFor = system: let pkgs = {
        inherit lib;
        stdenv = {
          hostPlatform = { inherit system; };
          buildPlatform = { inherit system; canExecute = p: p.system == system; };
        };
        callPackage = f: args:
          let fn = if builtins.isFunction f then f else import f;
          in fn (builtins.intersectAttrs (builtins.functionArgs fn) pkgs // args);
        installShellFiles = stub system "install-shell-files";
        go = stub system "go" // { version = "1.26.1"; };
        gopls = stub system "gopls";
        nix = stub system "nix";
        git = stub system "git";
        mkShell = a:
          assert builtins.all (p: p.type or "" == "derivation") a.packages;
          stub system "shell" // { inherit (a) packages; };
        buildGoModule = a:
          assert builtins.match "sha256-[A-Za-z0-9+/]{43}=" a.vendorHash != null;
          assert builtins.pathExists "${a.src}/go.mod";
          assert builtins.all (p: builtins.pathExists "${a.src}/${p}") a.subPackages;
          assert builtins.elem "-X main.version=${a.version}" a.ldflags;
          assert builtins.isString a.postInstall;
          stub system "${a.pname}-${a.version}" // {
            inherit (a) pname version vendorHash subPackages ldflags meta;
          };
      }; in pkgs;
    in {
      inherit lib;
      legacyPackages = genAttrs systems pkgsFor;
    };
}`

// TestOutputs locks a copy of the repository's flake onto the stand-in and
// has each Nix check and evaluate it: `nix flake check` (packages and dev
// shells are derivations, the app points into the store, the overlay takes
// final and prev), the outputs `nix flake show` lists, the overlay applied,
// and the app's program.
func TestOutputs(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		_, npURL := u.Flake("nixpkgs", standIn)
		dir, url := u.Flake("flake-unify", "{ outputs = { self }: { }; }")
		for _, f := range []string{"flake.nix", "nix/package.nix", "go.mod", "go.sum", "cmd/flake-unify/main.go", "cmd/flake-unify-full/main.go"} {
			b, err := os.ReadFile(filepath.Join("..", f))
			if err != nil {
				t.Fatal(err)
			}
			u.WriteFile(dir, f, string(b))
		}
		u.Commit(dir)
		nix.MustRun(t, dir, "flake", "lock", "--override-input", "nixpkgs", npURL)
		u.Commit(dir)

		if _, stderr, err := nix.Run(t, dir, "flake", "check"); err != nil {
			t.Fatalf("nix flake check: %v\n%s", err, stderr)
		}
		show := nix.MustRun(t, dir, "flake", "show", "--json")
		for _, want := range []string{`"overlays":{"default"`, `"apps":{"aarch64-darwin":{"default"`, `"devShells":{"aarch64-darwin":{"default"`} {
			if !strings.Contains(show, want) {
				t.Errorf("nix flake show --json lacks %s:\n%s", want, show)
			}
		}
		const sys = "x86_64-linux"
		for attr, want := range map[string]string{
			"packages." + sys + ".default.pname":                "flake-unify",
			"packages." + sys + ".flake-unify.meta.mainProgram": "flake-unify",
		} {
			if got := nix.Eval(t, dir, attr); got != want {
				t.Errorf("%s = %q, want %q", attr, got, want)
			}
		}
		expr := `let f = builtins.getFlake "` + url + `"; pkgs = f.inputs.nixpkgs.legacyPackages.` + sys + `;
		  pkg = f.packages.` + sys + `.default; in
		  assert (f.overlays.default pkgs pkgs).flake-unify.drvPath == pkg.drvPath;
		  assert f.apps.` + sys + `.default.program == "${pkg}/bin/flake-unify";
		  assert builtins.length f.devShells.` + sys + `.default.packages == 4;
		  # flake-unify hands apply, pr, completion and man to flake-unify-full
		  # beside it: the package builds both.
		  assert pkg.subPackages == [ "cmd/flake-unify" "cmd/flake-unify-full" ];
		  builtins.head pkg.ldflags`
		out, stderr, err := nix.Run(t, dir, "eval", "--impure", "--raw", "--expr", expr)
		if err != nil {
			t.Fatalf("the overlay, app and dev shell: %v\n%s", err, stderr)
		}
		if out != "-s" {
			t.Errorf("ldflags start with %q", out)
		}

		// A nixpkgs whose Go is too old for go.mod is named as the cause.
		_, oldURL := u.Flake("nixpkgs-old", strings.Replace(standIn, `version = "1.26.1"`, `version = "1.25.4"`, 1))
		_, stderr, err = nix.Run(t, dir, "eval", "--override-input", "nixpkgs", oldURL, ".#packages."+sys+".default.name")
		if err == nil || !strings.Contains(stderr, "flake-unify needs Go 1.26 or newer, this nixpkgs has Go 1.25.4") {
			t.Errorf("with Go 1.25: %v\n%s", err, stderr)
		}
	})
}
