package gitops

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gittest"
)

var allModes = []Mode{GoGit, Exec, Auto}

// dirtyOthers leaves unrelated work in progress of every kind: a modified
// file, a staged file, a new file staged, an untracked file and ignored
// files, including one in the flake directory.
func dirtyOthers(r *gittest.Repo, prefix string) {
	r.Write("README.md", "modified but not staged\n")
	r.Write("src/staged.txt", "staged change\n")
	r.Git("add", "src/staged.txt")
	r.Write("src/new-staged.txt", "new and staged\n")
	r.Git("add", "src/new-staged.txt")
	r.Write("notes.txt", "untracked\n")
	r.Write("result/out.txt", "ignored\n")
	r.Write(path.Join(prefix, ".direnv/flake-profile"), "ignored, next to the flake\n")
}

func TestCommit(t *testing.T) {
	for _, tc := range []struct {
		name      string
		prefix    string // the flake's directory in the repository
		dirty     bool
		nix, lock string // new contents
		want      []string
	}{
		{name: "clean tree", nix: gittest.FlakeNixNew, lock: gittest.FlakeLockNew, want: []string{"flake.lock", "flake.nix"}},
		{name: "others dirty", dirty: true, nix: gittest.FlakeNixNew, lock: gittest.FlakeLockNew, want: []string{"flake.lock", "flake.nix"}},
		{name: "subdirectory", prefix: "hosts/nix", dirty: true, nix: gittest.FlakeNixNew, lock: gittest.FlakeLockNew, want: []string{"hosts/nix/flake.lock", "hosts/nix/flake.nix"}},
		{name: "lock only", nix: gittest.FlakeNix, lock: gittest.FlakeLockNew, want: []string{"flake.lock"}},
		{name: "nix only in subdirectory", prefix: "a", dirty: true, nix: gittest.FlakeNixNew, lock: gittest.FlakeLock, want: []string{"a/flake.nix"}},
	} {
		for _, mode := range allModes {
			t.Run(tc.name+"/"+mode.String(), func(t *testing.T) {
				gittest.Hermetic(t)
				r := gittest.NewRepo(t, gittest.BaseFiles(tc.prefix))
				if tc.dirty {
					dirtyOthers(r, tc.prefix)
				}
				before := r.Snapshot("README.md", "src/staged.txt", "src/new-staged.txt", "notes.txt", "result/out.txt")
				oldHead := before.Head
				const branch = "flake-unify/nixpkgs-cccc000"
				res, err := Commit(context.Background(), &Request{
					Dir:     r.Path(tc.prefix),
					Changes: []Change{{"flake.nix", []byte(tc.nix)}, {"flake.lock", []byte(tc.lock)}},
					Branch:  branch, Subject: gittest.Subject, Body: gittest.Body, Mode: mode,
				})
				if err != nil {
					t.Fatal(err)
				}
				wantMode := mode
				if mode == Auto {
					wantMode = GoGit
				}
				if !res.Committed || res.Mode != wantMode || res.Branch != branch || res.From != "main" || res.Parent != oldHead {
					t.Errorf("result = %+v", res)
				}

				// The user is on the new branch, one commit ahead of the old HEAD.
				if got := r.Git("symbolic-ref", "--short", "HEAD"); got != branch {
					t.Errorf("on branch %q, want %q", got, branch)
				}
				if got := r.Git("rev-parse", "HEAD"); got != res.Hash {
					t.Errorf("HEAD = %s, result says %s", got, res.Hash)
				}
				if got := r.Git("rev-parse", "HEAD^"); got != oldHead {
					t.Errorf("parent = %s, want %s", got, oldHead)
				}
				if got := r.Git("rev-parse", "main"); got != oldHead {
					t.Errorf("main moved to %s", got)
				}
				// Exactly the changed files are in the commit, with the new contents.
				if got := r.Git("show", "--format=", "--name-only", "HEAD"); got != strings.Join(tc.want, "\n") {
					t.Errorf("committed files:\n%s\nwant %v", got, tc.want)
				}
				for p, c := range map[string]string{"flake.nix": tc.nix, "flake.lock": tc.lock} {
					if got := r.Git("show", "HEAD:"+path.Join(tc.prefix, p)) + "\n"; got != c {
						t.Errorf("HEAD:%s =\n%s", p, got)
					}
					if got := r.Read(path.Join(tc.prefix, p)); got != c {
						t.Errorf("work tree %s =\n%s", p, got)
					}
				}
				// The message: gittest.Subject, gittest.Body, then the diffstat git computes.
				msg := r.Git("log", "-1", "--format=%B")
				wantStat := r.Git("diff", "--stat=72", "HEAD^", "HEAD")
				wantMsg := gittest.Subject + "\n\n" + strings.TrimSpace(gittest.Body) + "\n\n" + wantStat
				if msg != wantMsg {
					t.Errorf("message:\n%s\nwant:\n%s", msg, wantMsg)
				}
				if res.Message != wantMsg+"\n" {
					t.Errorf("Result.Message:\n%q\nwant\n%q", res.Message, wantMsg+"\n")
				}
				if got := r.Git("log", "-1", "--format=%an <%ae> %ad|%cn <%ce> %cd", "--date=raw"); got != "Flake Tester <tester@example.org> "+gittest.TestDate+"|Flake Tester <tester@example.org> "+gittest.TestDate {
					t.Errorf("author|committer = %s", got)
				}
				// Everything else is as it was, and the flake files are clean.
				after := r.Snapshot("README.md", "src/staged.txt", "src/new-staged.txt", "notes.txt", "result/out.txt")
				if after.Status != before.Status {
					t.Errorf("git status changed:\nbefore:\n%s\nafter:\n%s", before.Status, after.Status)
				}
				for p, c := range before.Files {
					if after.Files[p] != c {
						t.Errorf("%s changed: %q -> %q", p, c, after.Files[p])
					}
				}
				if got := r.Git("diff", "--cached", "--name-only"); strings.Contains(got, "flake.") {
					t.Errorf("flake files staged after the commit:\n%s", got)
				}
				checkCacheTree(t, r)
				if out, err := r.TryGit("fsck", "--no-dangling", "--strict"); err != nil {
					t.Errorf("git fsck: %v\n%s", err, out)
				}
				// `git switch -` would go back: the reflog knows where from.
				if got := r.Git("rev-parse", "--symbolic-full-name", "@{-1}"); got != "refs/heads/main" {
					t.Errorf("@{-1} = %q", got)
				}
				if got := r.Git("log", "-g", "-1", "--format=%gs", branch); got != "commit (only): "+gittest.Subject && got != "commit: "+gittest.Subject {
					t.Errorf("branch reflog = %q", got)
				}
			})
		}
	}
}

func TestCommitNothingChanged(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			gittest.Hermetic(t)
			r := gittest.NewRepo(t, gittest.BaseFiles(""))
			// The branch exists and is checked out: a re-run after apply.
			r.Git("switch", "-q", "-c", "flake-unify/nixpkgs-cccc000")
			before := r.Snapshot("flake.nix", "flake.lock")
			req := &Request{Dir: r.Dir, Changes: []Change{{"flake.nix", []byte(gittest.FlakeNix)}, {"flake.lock", []byte(gittest.FlakeLock)}},
				Branch: "flake-unify/nixpkgs-cccc000", Subject: gittest.Subject, Mode: mode}
			if err := Preflight(context.Background(), req); err != nil {
				t.Fatalf("Preflight: %v", err)
			}
			res, err := Commit(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Committed || res.Hash != "" {
				t.Errorf("result = %+v", res)
			}
			if after := r.Snapshot("flake.nix", "flake.lock"); !before.Equal(after) {
				t.Errorf("repository changed:\n%+v\n%+v", before, after)
			}
		})
	}
}

func TestCommitForceBranch(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			gittest.Hermetic(t)
			r := gittest.NewRepo(t, gittest.BaseFiles(""))
			r.Git("branch", "flake-unify/old")
			r.Write("other.txt", "moves main ahead\n")
			r.Git("add", "other.txt")
			r.Git("commit", "-q", "-m", "ahead")
			head := r.Git("rev-parse", "HEAD")
			res, err := Commit(context.Background(), &Request{Dir: r.Dir, Changes: []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}},
				Branch: "flake-unify/old", ForceBranch: true, Subject: gittest.Subject, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Git("rev-parse", "flake-unify/old^"); got != head {
				t.Errorf("branch parent = %s, want HEAD %s", got, head)
			}
			if got := r.Git("symbolic-ref", "--short", "HEAD"); got != "flake-unify/old" || !res.Committed {
				t.Errorf("on %s, result %+v", got, res)
			}
		})
	}
}

func TestCommitNewFile(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			gittest.Hermetic(t)
			r := gittest.NewRepo(t, map[string]string{"sub/flake.nix": gittest.FlakeNix})
			_, err := Commit(context.Background(), &Request{Dir: r.Path("sub"),
				Changes: []Change{{"flake.nix", []byte(gittest.FlakeNix)}, {"flake.lock", []byte(gittest.FlakeLockNew)}},
				Branch:  "b", Subject: gittest.Subject, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Git("show", "--format=", "--name-status", "HEAD"); got != "A\tsub/flake.lock" {
				t.Errorf("commit: %s", got)
			}
			if got := r.Git("status", "--porcelain"); got != "" {
				t.Errorf("status: %s", got)
			}
		})
	}
}

// TestCommitIndexFormats checks that the index the go-git back end writes
// is one git reads with the same meaning, for each index version and with
// the extensions git writes: the entries are git's, git status is as
// before, and the cached trees give the same tree as a fresh index.
func TestCommitIndexFormats(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(r *gittest.Repo)
	}{
		{"v2", func(r *gittest.Repo) { r.Git("update-index", "--index-version", "2") }},
		{"v3", func(r *gittest.Repo) { r.Git("update-index", "--index-version", "3") }},
		{"v4", func(r *gittest.Repo) { r.Git("update-index", "--index-version", "4") }},
		{"untracked cache", func(r *gittest.Repo) {
			r.Git("config", "core.untrackedCache", "true")
			r.Git("update-index", "--untracked-cache")
		}},
		{"end of index entry and offset table", func(r *gittest.Repo) {
			r.Git("config", "index.recordEndOfIndexEntries", "true")
			r.Git("config", "index.recordOffsetTable", "true")
			r.Git("config", "index.threads", "2")
		}},
		{"skip hash", func(r *gittest.Repo) { r.Git("config", "index.skipHash", "true") }},
		{"new file: go-git rewrites the index", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gittest.Hermetic(t)
			r := gittest.NewRepo(t, gittest.BaseFiles("a/b"))
			r.Write("c/d.txt", "more\n")
			r.Git("add", "c/d.txt")
			r.Git("commit", "-q", "-m", "second") // leaves a valid cache tree
			if tc.setup != nil {
				tc.setup(r)
			}
			dirtyOthers(r, "a/b")
			r.Git("update-index", "--skip-worktree", "c/d.txt") // an extended flag
			r.Git("add", "-N", "notes.txt")                     // intent to add: another one
			r.Git("status", "--porcelain")                      // let git refresh and write its extensions
			before := r.Snapshot()
			changes := []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}}
			if tc.setup == nil {
				changes = append(changes, Change{"flake.new", []byte("new file\n")})
			}
			if _, err := Commit(context.Background(), &Request{Dir: r.Path("a/b"), Changes: changes,
				Branch: "b", Subject: gittest.Subject, Mode: GoGit}); err != nil {
				t.Fatal(err)
			}
			after := r.Snapshot()
			if after.Status != before.Status {
				t.Errorf("status:\n%s\nwant\n%s", after.Status, before.Status)
			}
			wantIndex := strings.Replace(before.Index, r.Git("rev-parse", "HEAD^:a/b/flake.lock"), r.Git("rev-parse", "HEAD:a/b/flake.lock"), 1)
			if tc.setup == nil {
				wantIndex = r.Git("ls-files", "-s") // checked by status above
			}
			if after.Index != wantIndex {
				t.Errorf("index:\n%s\nwant\n%s", after.Index, wantIndex)
			}
			checkCacheTree(t, r)
			if out, err := r.TryGit("fsck", "--no-dangling"); err != nil {
				t.Errorf("git fsck: %v\n%s", err, out)
			}
		})
	}
}

// checkCacheTree compares the tree git writes from the index, which uses
// the cached trees, with the tree of a fresh index holding the same
// entries: a cached tree left valid over a changed entry would differ.
func checkCacheTree(t *testing.T, r *gittest.Repo) {
	t.Helper()
	got := r.Git("write-tree")
	cmd := exec.Command("git", "update-index", "--index-info")
	cmd.Dir = r.Dir
	tmp := filepath.Join(t.TempDir(), "index")
	cmd.Env = append(os.Environ(), "GIT_INDEX_FILE="+tmp)
	var entries []string
	for _, l := range strings.Split(r.Git("ls-files", "-s"), "\n") {
		if !strings.HasSuffix(l, "\tnotes.txt") { // intent to add: not in trees
			entries = append(entries, l)
		}
	}
	cmd.Stdin = strings.NewReader(strings.Join(entries, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("update-index: %v\n%s", err, out)
	}
	cmd = exec.Command("git", "write-tree")
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_INDEX_FILE="+tmp)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(out)); got != want {
		t.Errorf("write-tree with the cached trees = %s, from scratch = %s", got, want)
	}
}

func TestMain(m *testing.M) {
	// Hooks and signing programs run by git inherit the environment;
	// nothing of the developer's must reach them.
	os.Unsetenv("GIT_DIR")
	os.Exit(m.Run())
}
