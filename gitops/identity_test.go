package gitops

import (
	"context"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gittest"
)

// TestIdentity: go-git commits carry the same author and committer as git
// would pick, from the environment first, then the repository's config,
// then the global config.
func TestIdentity(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		local map[string]string // repository config
		want  string            // %an <%ae> %ad | %cn <%ce> %cd
	}{
		{name: "global config",
			want: "Flake Tester <tester@example.org> 1700000000 +0100 | Flake Tester <tester@example.org> 1700000000 +0100"},
		{name: "repository config wins", local: map[string]string{"user.name": "Repo User", "user.email": "repo@example.org"},
			want: "Repo User <repo@example.org> 1700000000 +0100 | Repo User <repo@example.org> 1700000000 +0100"},
		{name: "author and committer keys", local: map[string]string{"author.name": "Au Thor", "committer.email": "ci@example.org"},
			want: "Au Thor <tester@example.org> 1700000000 +0100 | Flake Tester <ci@example.org> 1700000000 +0100"},
		{name: "environment wins", local: map[string]string{"user.name": "Repo User"},
			env: map[string]string{
				"GIT_AUTHOR_NAME": "Env Author", "GIT_AUTHOR_EMAIL": "env-author@example.org", "GIT_AUTHOR_DATE": "@1600000000 -0230",
				"GIT_COMMITTER_NAME": "Env Committer", "GIT_COMMITTER_EMAIL": "env-committer@example.org", "GIT_COMMITTER_DATE": "2021-02-03T04:05:06+09:00",
			},
			want: "Env Author <env-author@example.org> 1600000000 -0230 | Env Committer <env-committer@example.org> 1612292706 +0900"},
		{name: "RFC 2822 date", env: map[string]string{"GIT_AUTHOR_DATE": "Thu, 07 Apr 2005 22:13:13 +0200"},
			want: "Flake Tester <tester@example.org> 1112904793 +0200 | Flake Tester <tester@example.org> 1700000000 +0100"},
	} {
		for _, mode := range []Mode{GoGit, Exec} {
			t.Run(tc.name+"/"+mode.String(), func(t *testing.T) {
				gittest.Hermetic(t)
				r := gittest.NewRepo(t, gittest.BaseFiles(""))
				for k, v := range tc.local {
					r.Git("config", k, v)
				}
				for k, v := range tc.env {
					t.Setenv(k, v)
				}
				if _, err := Commit(context.Background(), &Request{Dir: r.Dir, Changes: []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}},
					Branch: "b", Subject: gittest.Subject, Mode: mode}); err != nil {
					t.Fatal(err)
				}
				if got := r.Git("log", "-1", "--date=raw", "--format=%an <%ae> %ad | %cn <%ce> %cd"); got != tc.want {
					t.Errorf("got  %s\nwant %s", got, tc.want)
				}
			})
		}
	}
}
