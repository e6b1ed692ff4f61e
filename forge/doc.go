// Package forge opens and maintains the pull request of `flake-unify pr`
// on GitHub (github.com, Enterprise Cloud and Server), Gitea and Forgejo,
// and GitLab, through each forge's REST API with plain net/http.
//
// The interface is small on purpose: find the open pull request of a head
// branch, create one, update its title and body, close it with a comment.
// Each client deals with what makes a bot fragile in scheduled CI:
//
//   - transient failures (5xx, 429, lost connections) are retried with
//     exponential backoff and jitter, bounded by Config.MaxAttempts and
//     Config.MaxWait; rate limits (x-ratelimit-remaining: 0 with
//     x-ratelimit-reset, retry-after, GitHub's secondary limit) are waited
//     out when they reset within MaxWait and fail at once otherwise;
//   - right after a push the forge may not know the branch yet (Gitea
//     answers 404 to create, GitHub 422 "head invalid", GitLab "source
//     branch does not exist"): Create retries that for Config.BranchWait;
//   - a create whose answer was lost is looked up before it is retried, so
//     no second pull request is opened;
//   - refusals are *diag.Error values (File empty) whose Hint says what to
//     do: token scopes, repository name, an existing pull request, a branch
//     without new commits;
//   - the token never appears in an error, and redirects to another host
//     or from https to http are refused so it is never sent elsewhere.
//
// # What `flake-unify pr` does with it
//
//	f, err := forge.New(forge.Config{Kind: "github", Repo: "owner/name", Token: token}) // --forge, --forge-url, --repo
//	if err != nil { ... }
//	// push the branch with user f.GitUser() and password token, then:
//	body = truncate(marker+body, f.BodyLimit()) // in code points; the hidden marker identifies the bot's PR
//	pr, err := f.Find(ctx, base, branch)
//	switch {
//	case err != nil:
//		return err
//	case pr == nil:
//		pr, err = f.Create(ctx, base, branch, title, body)
//	default:
//		pr, err = f.Update(ctx, pr, title, body) // no request when nothing changed
//	}
//	// when the flake is unified and the bot's PR is obsolete:
//	err = f.Close(ctx, pr, "nothing left to unify")
//
// Find only returns a pull request whose head branch is in the repository
// itself, never one from a fork with a branch of the same name. States are
// reported as "open", "closed" or "merged" on every forge.
package forge
