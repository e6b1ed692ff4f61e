package gitops

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

var allModes = []Mode{GoGit, Exec, Auto}

const (
	subject = "flake.lock: unify nixpkgs (2 copies → 1)"
	body    = "home-manager/nixpkgs  nixos-unstable bbbb (2024-01-01) → cccc\n"
)

// dirtyOthers leaves unrelated work in progress of every kind: a modified
// file, a staged file, a new file staged, an untracked file and ignored
// files, including one in the flake directory.
func dirtyOthers(r *testRepo, prefix string) {
	r.write("README.md", "modified but not staged\n")
	r.write("src/staged.txt", "staged change\n")
	r.git("add", "src/staged.txt")
	r.write("src/new-staged.txt", "new and staged\n")
	r.git("add", "src/new-staged.txt")
	r.write("notes.txt", "untracked\n")
	r.write("result/out.txt", "ignored\n")
	r.write(path.Join(prefix, ".direnv/flake-profile"), "ignored, next to the flake\n")
}

func baseFiles(prefix string) map[string]string {
	return map[string]string{
		"README.md":                     "readme\n",
		"src/staged.txt":                "original\n",
		".gitignore":                    "result/\n.direnv/\n",
		path.Join(prefix, "flake.nix"):  flakeNix,
		path.Join(prefix, "flake.lock"): flakeLock,
	}
}

func TestCommit(t *testing.T) {
	for _, tc := range []struct {
		name      string
		prefix    string // the flake's directory in the repository
		dirty     bool
		nix, lock string // new contents
		want      []string
	}{
		{name: "clean tree", nix: flakeNixNew, lock: flakeLockNew, want: []string{"flake.lock", "flake.nix"}},
		{name: "others dirty", dirty: true, nix: flakeNixNew, lock: flakeLockNew, want: []string{"flake.lock", "flake.nix"}},
		{name: "subdirectory", prefix: "hosts/nix", dirty: true, nix: flakeNixNew, lock: flakeLockNew, want: []string{"hosts/nix/flake.lock", "hosts/nix/flake.nix"}},
		{name: "lock only", nix: flakeNix, lock: flakeLockNew, want: []string{"flake.lock"}},
		{name: "nix only in subdirectory", prefix: "a", dirty: true, nix: flakeNixNew, lock: flakeLock, want: []string{"a/flake.nix"}},
	} {
		for _, mode := range allModes {
			t.Run(tc.name+"/"+mode.String(), func(t *testing.T) {
				hermetic(t)
				r := newRepo(t, baseFiles(tc.prefix))
				if tc.dirty {
					dirtyOthers(r, tc.prefix)
				}
				before := r.snapshot("README.md", "src/staged.txt", "src/new-staged.txt", "notes.txt", "result/out.txt")
				oldHead := before.head
				const branch = "flake-unify/nixpkgs-cccc000"
				res, err := Commit(context.Background(), &Request{
					Dir:     r.path(tc.prefix),
					Changes: []Change{{"flake.nix", []byte(tc.nix)}, {"flake.lock", []byte(tc.lock)}},
					Branch:  branch, Subject: subject, Body: body, Mode: mode,
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
				if got := r.git("symbolic-ref", "--short", "HEAD"); got != branch {
					t.Errorf("on branch %q, want %q", got, branch)
				}
				if got := r.git("rev-parse", "HEAD"); got != res.Hash {
					t.Errorf("HEAD = %s, result says %s", got, res.Hash)
				}
				if got := r.git("rev-parse", "HEAD^"); got != oldHead {
					t.Errorf("parent = %s, want %s", got, oldHead)
				}
				if got := r.git("rev-parse", "main"); got != oldHead {
					t.Errorf("main moved to %s", got)
				}
				// Exactly the changed files are in the commit, with the new contents.
				if got := r.git("show", "--format=", "--name-only", "HEAD"); got != strings.Join(tc.want, "\n") {
					t.Errorf("committed files:\n%s\nwant %v", got, tc.want)
				}
				for p, c := range map[string]string{"flake.nix": tc.nix, "flake.lock": tc.lock} {
					if got := r.git("show", "HEAD:"+path.Join(tc.prefix, p)) + "\n"; got != c {
						t.Errorf("HEAD:%s =\n%s", p, got)
					}
					if got := r.read(path.Join(tc.prefix, p)); got != c {
						t.Errorf("work tree %s =\n%s", p, got)
					}
				}
				// The message: subject, body, then the diffstat git computes.
				msg := r.git("log", "-1", "--format=%B")
				wantStat := r.git("diff", "--stat=72", "HEAD^", "HEAD")
				wantMsg := subject + "\n\n" + strings.TrimSpace(body) + "\n\n" + wantStat
				if msg != wantMsg {
					t.Errorf("message:\n%s\nwant:\n%s", msg, wantMsg)
				}
				if res.Message != wantMsg+"\n" {
					t.Errorf("Result.Message:\n%q\nwant\n%q", res.Message, wantMsg+"\n")
				}
				if got := r.git("log", "-1", "--format=%an <%ae> %ad|%cn <%ce> %cd", "--date=raw"); got != "Flake Tester <tester@example.org> "+testDate+"|Flake Tester <tester@example.org> "+testDate {
					t.Errorf("author|committer = %s", got)
				}
				// Everything else is as it was, and the flake files are clean.
				after := r.snapshot("README.md", "src/staged.txt", "src/new-staged.txt", "notes.txt", "result/out.txt")
				if after.status != before.status {
					t.Errorf("git status changed:\nbefore:\n%s\nafter:\n%s", before.status, after.status)
				}
				for p, c := range before.files {
					if after.files[p] != c {
						t.Errorf("%s changed: %q -> %q", p, c, after.files[p])
					}
				}
				if got := r.git("diff", "--cached", "--name-only"); strings.Contains(got, "flake.") {
					t.Errorf("flake files staged after the commit:\n%s", got)
				}
				checkCacheTree(t, r)
				if out, err := r.tryGit("fsck", "--no-dangling", "--strict"); err != nil {
					t.Errorf("git fsck: %v\n%s", err, out)
				}
				// `git switch -` would go back: the reflog knows where from.
				if got := r.git("rev-parse", "--symbolic-full-name", "@{-1}"); got != "refs/heads/main" {
					t.Errorf("@{-1} = %q", got)
				}
				if got := r.git("log", "-g", "-1", "--format=%gs", branch); got != "commit (only): "+subject && got != "commit: "+subject {
					t.Errorf("branch reflog = %q", got)
				}
			})
		}
	}
}

func TestCommitNothingChanged(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			hermetic(t)
			r := newRepo(t, baseFiles(""))
			// The branch exists and is checked out: a re-run after apply.
			r.git("switch", "-q", "-c", "flake-unify/nixpkgs-cccc000")
			before := r.snapshot("flake.nix", "flake.lock")
			req := &Request{Dir: r.dir, Changes: []Change{{"flake.nix", []byte(flakeNix)}, {"flake.lock", []byte(flakeLock)}},
				Branch: "flake-unify/nixpkgs-cccc000", Subject: subject, Mode: mode}
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
			if after := r.snapshot("flake.nix", "flake.lock"); !equalSnapshots(before, after) {
				t.Errorf("repository changed:\n%+v\n%+v", before, after)
			}
		})
	}
}

func TestCommitForceBranch(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			hermetic(t)
			r := newRepo(t, baseFiles(""))
			r.git("branch", "flake-unify/old")
			r.write("other.txt", "moves main ahead\n")
			r.git("add", "other.txt")
			r.git("commit", "-q", "-m", "ahead")
			head := r.git("rev-parse", "HEAD")
			res, err := Commit(context.Background(), &Request{Dir: r.dir, Changes: []Change{{"flake.lock", []byte(flakeLockNew)}},
				Branch: "flake-unify/old", ForceBranch: true, Subject: subject, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.git("rev-parse", "flake-unify/old^"); got != head {
				t.Errorf("branch parent = %s, want HEAD %s", got, head)
			}
			if got := r.git("symbolic-ref", "--short", "HEAD"); got != "flake-unify/old" || !res.Committed {
				t.Errorf("on %s, result %+v", got, res)
			}
		})
	}
}

func TestCommitNewFile(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			hermetic(t)
			r := newRepo(t, map[string]string{"sub/flake.nix": flakeNix})
			_, err := Commit(context.Background(), &Request{Dir: r.path("sub"),
				Changes: []Change{{"flake.nix", []byte(flakeNix)}, {"flake.lock", []byte(flakeLockNew)}},
				Branch:  "b", Subject: subject, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.git("show", "--format=", "--name-status", "HEAD"); got != "A\tsub/flake.lock" {
				t.Errorf("commit: %s", got)
			}
			if got := r.git("status", "--porcelain"); got != "" {
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
		setup func(r *testRepo)
	}{
		{"v2", func(r *testRepo) { r.git("update-index", "--index-version", "2") }},
		{"v3", func(r *testRepo) { r.git("update-index", "--index-version", "3") }},
		{"v4", func(r *testRepo) { r.git("update-index", "--index-version", "4") }},
		{"untracked cache", func(r *testRepo) {
			r.git("config", "core.untrackedCache", "true")
			r.git("update-index", "--untracked-cache")
		}},
		{"end of index entry and offset table", func(r *testRepo) {
			r.git("config", "index.recordEndOfIndexEntries", "true")
			r.git("config", "index.recordOffsetTable", "true")
			r.git("config", "index.threads", "2")
		}},
		{"skip hash", func(r *testRepo) { r.git("config", "index.skipHash", "true") }},
		{"new file: go-git rewrites the index", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hermetic(t)
			r := newRepo(t, baseFiles("a/b"))
			r.write("c/d.txt", "more\n")
			r.git("add", "c/d.txt")
			r.git("commit", "-q", "-m", "second") // leaves a valid cache tree
			if tc.setup != nil {
				tc.setup(r)
			}
			dirtyOthers(r, "a/b")
			r.git("update-index", "--skip-worktree", "c/d.txt") // an extended flag
			r.git("add", "-N", "notes.txt")                     // intent to add: another one
			r.git("status", "--porcelain")                      // let git refresh and write its extensions
			before := r.snapshot()
			changes := []Change{{"flake.lock", []byte(flakeLockNew)}}
			if tc.setup == nil {
				changes = append(changes, Change{"flake.new", []byte("new file\n")})
			}
			if _, err := Commit(context.Background(), &Request{Dir: r.path("a/b"), Changes: changes,
				Branch: "b", Subject: subject, Mode: GoGit}); err != nil {
				t.Fatal(err)
			}
			after := r.snapshot()
			if after.status != before.status {
				t.Errorf("status:\n%s\nwant\n%s", after.status, before.status)
			}
			wantIndex := strings.Replace(before.index, r.git("rev-parse", "HEAD^:a/b/flake.lock"), r.git("rev-parse", "HEAD:a/b/flake.lock"), 1)
			if tc.setup == nil {
				wantIndex = r.git("ls-files", "-s") // checked by status above
			}
			if after.index != wantIndex {
				t.Errorf("index:\n%s\nwant\n%s", after.index, wantIndex)
			}
			checkCacheTree(t, r)
			if out, err := r.tryGit("fsck", "--no-dangling"); err != nil {
				t.Errorf("git fsck: %v\n%s", err, out)
			}
		})
	}
}

// checkCacheTree compares the tree git writes from the index, which uses
// the cached trees, with the tree of a fresh index holding the same
// entries: a cached tree left valid over a changed entry would differ.
func checkCacheTree(t *testing.T, r *testRepo) {
	t.Helper()
	got := r.git("write-tree")
	cmd := exec.Command("git", "update-index", "--index-info")
	cmd.Dir = r.dir
	tmp := filepath.Join(t.TempDir(), "index")
	cmd.Env = append(os.Environ(), "GIT_INDEX_FILE="+tmp)
	var entries []string
	for _, l := range strings.Split(r.git("ls-files", "-s"), "\n") {
		if !strings.HasSuffix(l, "\tnotes.txt") { // intent to add: not in trees
			entries = append(entries, l)
		}
	}
	cmd.Stdin = strings.NewReader(strings.Join(entries, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("update-index: %v\n%s", err, out)
	}
	cmd = exec.Command("git", "write-tree")
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_INDEX_FILE="+tmp)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(out)); got != want {
		t.Errorf("write-tree with the cached trees = %s, from scratch = %s", got, want)
	}
}

func equalSnapshots(a, b snapshot) bool {
	if a.head != b.head || a.symbolic != b.symbolic || a.branches != b.branches || a.status != b.status || a.index != b.index || len(a.files) != len(b.files) {
		return false
	}
	for p, c := range a.files {
		if b.files[p] != c {
			return false
		}
	}
	return true
}

func TestMain(m *testing.M) {
	// Hooks and signing programs run by git inherit the environment;
	// nothing of the developer's must reach them.
	os.Unsetenv("GIT_DIR")
	os.Exit(m.Run())
}
