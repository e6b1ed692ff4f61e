// Package giteatest runs a private, real Gitea on loopback for tests of the
// pull-request bot: Start gives each test its own server (temporary work
// directory, SQLite, one admin user with an access token) and stops it, with
// every process it spawned, when the test ends.
//
// The binary is the one .ci/gitea.sh builds (Gitea 1.26.1 from the Go module
// proxy), found through FLAKE_UNIFY_GITEA or else in that script's cache. It
// is a non-bindata build, so its options/, templates/ and public/ folders
// must sit next to it. When it is missing the tests skip, except under
// CI=true, where they fail: CI must never go green by skipping the forge.
package giteatest
