package gitops

import (
	"context"
	"os"
	"path"
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

// TestCommitIndexFormats checks that the index go-git writes back is one
// git reads with the same meaning, for each index version.
func TestCommitIndexFormats(t *testing.T) {
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			hermetic(t)
			r := newRepo(t, baseFiles(""))
			dirtyOthers(r, "")
			r.git("update-index", "--index-version", version)
			r.git("update-index", "--skip-worktree", "src/staged.txt") // an extended flag
			r.git("update-index", "--no-skip-worktree", "src/staged.txt")
			r.git("add", "-N", "notes.txt") // intent to add: another extended flag
			before := r.snapshot()
			if _, err := Commit(context.Background(), &Request{Dir: r.dir, Changes: []Change{{"flake.lock", []byte(flakeLockNew)}},
				Branch: "b", Subject: subject, Mode: GoGit}); err != nil {
				t.Fatal(err)
			}
			after := r.snapshot()
			if after.status != before.status {
				t.Errorf("status:\n%s\nwant\n%s", after.status, before.status)
			}
			wantIndex := strings.Replace(before.index, r.git("rev-parse", "HEAD^:flake.lock"), r.git("rev-parse", "HEAD:flake.lock"), 1)
			if after.index != wantIndex {
				t.Errorf("index:\n%s\nwant\n%s", after.index, wantIndex)
			}
			if out, err := r.tryGit("fsck", "--no-dangling"); err != nil {
				t.Errorf("git fsck: %v\n%s", err, out)
			}
		})
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
