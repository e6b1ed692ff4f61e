// Package giteatest runs a private, real Gitea on loopback for tests of the
// pull-request bot: Start gives each test its own server (temporary work
// directory, SQLite, one admin user with an access token) and stops it, with
// every process it spawned, when the test ends.
//
//	srv := giteatest.Start(t)
//	clone := srv.CreateRepo(t, "dotfiles")           // srv.User + "/dotfiles"
//	cmd := exec.Command("git", "push", clone, "main")
//	cmd.Env = append(os.Environ(), srv.GitEnv()...)  // the token via the environment
//	...
//	srv.WaitBranch(t, srv.User+"/dotfiles", "main", sha) // Gitea is behind git for a moment
//	prs := srv.PullRequests(t, srv.User+"/dotfiles")
//
// Server.Token has the scopes the bot needs (Scopes); the helpers that
// arrange and check (CreateRepo, PullRequests, Comments, …) log in with the
// password instead, so they work whatever a test does with tokens.
//
// The binary is the one .ci/gitea.sh builds (Gitea 1.26.1 from the Go module
// proxy), found through FLAKE_UNIFY_GITEA or else in that script's cache. It
// is a non-bindata build, so its options/, templates/ and public/ folders
// must sit next to it. When it is missing the tests skip, except under
// CI=true, where they fail: CI must never go green by skipping the forge.
//
// The first Start of a test process takes about 2 s (it migrates a database
// and creates the user); later ones copy that database and take under 1 s.
package giteatest
