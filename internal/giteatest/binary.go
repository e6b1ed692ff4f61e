package giteatest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// EnvGitea names the Gitea binary; its run-time assets (options/, templates/,
// public/) are expected in the same directory.
const EnvGitea = "FLAKE_UNIFY_GITEA"

// Version is the Gitea release .ci/gitea.sh builds; the cache path and the
// tests' expectations of the API follow it.
const Version = "1.26.1"

// binary returns the Gitea executable and its asset directory, or ends the
// test: a skip when none is installed, a failure under CI=true or when the
// one named by EnvGitea is not usable.
func binary(t testing.TB) (bin, static string) {
	t.Helper()
	bin = os.Getenv(EnvGitea)
	named := bin != ""
	if !named {
		cache, err := os.UserCacheDir()
		if err == nil {
			bin = filepath.Join(cache, "flake-unify", "gitea-"+Version, "gitea")
		}
	}
	if _, err := os.Stat(bin); bin == "" || err != nil {
		msg := "giteatest: no Gitea binary (set " + EnvGitea + " or run `bash .ci/gitea.sh` once)"
		if named {
			t.Fatalf("giteatest: %s=%s: %v", EnvGitea, bin, err)
		}
		testenv.Missing(t, "%s", msg)
	}
	real, err := filepath.EvalSymlinks(bin)
	if err != nil {
		t.Fatalf("giteatest: %v", err)
	}
	static = filepath.Dir(real)
	for _, d := range []string{"options", "templates", "public"} {
		if fi, err := os.Stat(filepath.Join(static, d)); err != nil || !fi.IsDir() {
			t.Fatalf("giteatest: %s has no %s/ beside it: Gitea is built without bindata and reads its assets from there (.ci/gitea.sh puts them in place)", real, d)
		}
	}
	return real, static
}
