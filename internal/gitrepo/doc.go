// Package gitrepo is the git plumbing the local commit (gitops) and the bot
// (bot) share: where a repository's parts are, the configuration git would
// read, the identity it would commit with, the git executable run safely,
// and the reasons go-git cannot be trusted with a repository.
package gitrepo
