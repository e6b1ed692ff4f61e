// Package commitmsg writes the message of flake-unify's commits: subject,
// body and a diffstat laid out as `git diff --stat` lays it out.
package commitmsg
