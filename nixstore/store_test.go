package nixstore_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/nixstore"
)

// nixIn runs nix with the universe's environment; with storeDir set, Nix
// uses a local store under that directory (named by the variable envVar,
// its state and logs beside it) instead of the universe's chroot store.
func nixIn(t *testing.T, nix *nixtest.Nix, root, dir, envVar, storeDir string, args ...string) string {
	t.Helper()
	env := nix.Env(root)
	if storeDir != "" {
		for i, e := range env {
			if c, ok := strings.CutPrefix(e, "NIX_CONFIG="); ok {
				var keep []string
				for _, l := range strings.Split(c, "\n") {
					if !strings.HasPrefix(l, "store =") {
						keep = append(keep, l)
					}
				}
				env[i] = "NIX_CONFIG=" + strings.Join(keep, "\n")
			}
		}
		base := filepath.Dir(storeDir)
		env = append(env, envVar+"="+storeDir, "NIX_STATE_DIR="+filepath.Join(base, "state"), "NIX_LOG_DIR="+filepath.Join(base, "log"))
	}
	cmd := exec.Command(nix.Path, args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", nix, strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// trees writes source trees that differ in each way a NAR records: file
// contents, executable bits, symlinks, empty directories and nesting.
func trees(t *testing.T, parent string) []string {
	t.Helper()
	var dirs []string
	for i, files := range []map[string]string{
		{"flake.nix": "{ outputs = _: { }; }\n"},
		{"a": "", "b/c/d": "deep\n", "b/e": "x"},
		{"run.sh": "#!/bin/sh\n", "link": "->run.sh", "empty/": ""},
	} {
		d := filepath.Join(parent, "t"+string(rune('0'+i)), "source")
		for name, content := range files {
			p := filepath.Join(d, filepath.FromSlash(name))
			switch {
			case strings.HasSuffix(name, "/"):
				must(t, os.MkdirAll(p, 0o755))
			case strings.HasPrefix(content, "->"):
				must(t, os.MkdirAll(filepath.Dir(p), 0o755))
				must(t, os.Symlink(content[2:], p))
			default:
				must(t, os.MkdirAll(filepath.Dir(p), 0o755))
				mode := os.FileMode(0o644)
				if strings.HasSuffix(name, ".sh") {
					mode = 0o755
				}
				must(t, os.WriteFile(p, []byte(content), mode))
			}
		}
		dirs = append(dirs, d)
	}
	return dirs
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Nix adds each tree to the store under the name "source" and reports
// the path; SourcePath, given only the NAR hash Nix computes for the
// tree, must name the same path, in the default store directory (as a
// chroot store: Root) and under NIX_STORE_DIR; every spelling of the
// hash Nix prints gives the same path; Has sees the path once Nix added
// it and not before.
func TestSourcePathIsNixs(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		alt := filepath.Join(u.Root, "alt", "store")
		env := func(name, value string) nixstore.Store {
			return nixstore.FromEnv(func(k string) string {
				if k == name {
					return value
				}
				return ""
			})
		}
		alt2 := filepath.Join(u.Root, "alt2", "store")
		for _, tc := range []struct {
			name     string
			envVar   string
			storeDir string // "" = the universe's chroot store at /nix/store
			store    nixstore.Store
		}{
			{"chroot /nix/store", "", "", nixstore.Store{Dir: "/nix/store", Root: filepath.Join(u.Root, ".nix", nix.Version, "store")}},
			{"NIX_STORE_DIR", "NIX_STORE_DIR", alt, env("NIX_STORE_DIR", alt+"/")},
			{"NIX_STORE", "NIX_STORE", alt2, env("NIX_STORE", alt2)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, d := range trees(t, filepath.Join(u.Root, "trees", strings.ReplaceAll(tc.name, " ", "_"))) {
					sri := nixIn(t, nix, u.Root, d, tc.envVar, tc.storeDir, "hash", "path", "--type", "sha256", ".")
					got, err := tc.store.SourcePath(sri)
					if err != nil {
						t.Fatal(err)
					}
					if ok, err := tc.store.Has(got); ok || err != nil {
						t.Errorf("Has(%s) before Nix added it = %v, %v", got, ok, err)
					}
					want := nixIn(t, nix, u.Root, filepath.Dir(d), tc.envVar, tc.storeDir, "store", "add-path", "--name", "source", "./source")
					if got != want {
						t.Errorf("%s: SourcePath(%s) = %s, Nix added it as %s", d, sri, got, want)
					}
					if ok, err := tc.store.Has(want); !ok || err != nil {
						t.Errorf("Has(%s) after Nix added it = %v, %v (real path %s)", want, ok, err, tc.store.Real(want))
					}
					for _, conv := range []string{"to-base16", "to-base32", "to-base64"} {
						spelled := nixIn(t, nix, u.Root, d, tc.envVar, tc.storeDir, "hash", conv, sri)
						if p, err := tc.store.SourcePath("sha256:" + spelled); p != want || err != nil {
							t.Errorf("SourcePath(sha256:%s) (%s) = %q, %v; want %s", spelled, conv, p, err, want)
						}
					}
					sha512 := nixIn(t, nix, u.Root, d, tc.envVar, tc.storeDir, "hash", "path", "--type", "sha512", ".")
					if p, err := tc.store.SourcePath(sha512); err == nil || !strings.Contains(err.Error(), "sha512") {
						t.Errorf("SourcePath(%s) = %q, %v; want an error naming sha512", sha512, p, err)
					}
				}
			})
		}
	})
}
