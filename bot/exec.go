package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// execBackend does the bot's work with the git executable: plumbing commands
// for the objects (so partial clones, other object formats and signing
// work as in git), ls-remote, fetch and push for the remote (so ssh, remote
// helpers and the user's url/http config work as in git).
type execBackend struct {
	x     *gitrepo.Git
	rm    remote
	creds *credentials
}

func openExec(ctx context.Context, l *gitrepo.Layout, rm remote, c *credentials) (*execBackend, error) {
	x, err := gitrepo.OpenGit(ctx, l)
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			cp := *de
			cp.Hint = "fix what git reports"
			return nil, &cp
		}
		return nil, err
	}
	// Never wait for a password prompt: a CI job would hang.
	x.Env = append(x.Env, "GIT_TERMINAL_PROMPT=0")
	if c.token != "" {
		x.Env = withCredentials(x.Env, []string{rm.fetchURL, rm.pushURL}, c)
	}
	return &execBackend{x: x, rm: rm, creds: c}, nil
}

// withCredentials passes the token to git as configuration in the
// environment, the way `git -c` does, so it is neither in argv (which every
// user can see) nor in a file. For each URL, an empty http.<url>.extraHeader
// first drops headers configured for it elsewhere (actions/checkout leaves
// one in .git/config), then the Basic header is added; helpers and askpass
// programs are switched off so a refused token fails instead of prompting
// or being stored.
func withCredentials(env []string, urls []string, c *credentials) []string {
	var kv [][2]string
	seen := map[string]bool{}
	for _, u := range urls {
		if seen[u] {
			continue
		}
		seen[u] = true
		key := "http." + u + ".extraHeader"
		kv = append(kv, [2]string{key, ""}, [2]string{key, "Authorization: Basic " + c.basic()})
	}
	kv = append(kv, [2]string{"credential.helper", ""}, [2]string{"core.askPass", ""})

	n := 0
	out := make([]string, 0, len(env)+2*len(kv)+1)
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		switch k {
		case "GIT_CONFIG_COUNT":
			n, _ = strconv.Atoi(v)
			continue
		case "GIT_ASKPASS":
			continue
		}
		out = append(out, e)
	}
	for i, p := range kv {
		out = append(out, fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", n+i, p[0]), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s", n+i, p[1]))
	}
	return append(out, fmt.Sprintf("GIT_CONFIG_COUNT=%d", n+len(kv)))
}

// fail classifies a failed ls-remote, fetch or push by what git printed.
func (b *execBackend) fail(op, u string, err error) error {
	detail := gitrepo.Stderr(err)
	s := strings.ToLower(detail)
	kind := failOther
	switch {
	case strings.Contains(s, "error: 403") || strings.Contains(s, "403 forbidden") ||
		(strings.Contains(s, "permission") && strings.Contains(s, "denied")):
		kind = failDenied
	case strings.Contains(s, "error: 401") || strings.Contains(s, "authentication failed") ||
		strings.Contains(s, "could not read username") || strings.Contains(s, "could not read password"):
		kind = failAuth
	case strings.Contains(s, "error: 404") || strings.Contains(s, "repository not found") || strings.Contains(s, "' not found") ||
		strings.Contains(s, "does not appear to be a git repository"):
		kind = failNotFound
	}
	return remoteError(kind, op, u, gitrepo.FirstLine(detail), b.creds, err)
}

func (b *execBackend) advertised(ctx context.Context, branches []string) (string, map[string]plumbing.Hash, error) {
	args := []string{"ls-remote", "--symref", b.rm.fetchURL, "HEAD"}
	for _, br := range branches {
		if br != "" {
			args = append(args, string(plumbing.NewBranchReferenceName(br)))
		}
	}
	out, err := b.x.Run(ctx, nil, args...)
	if err != nil {
		return "", nil, b.fail("fetch from", b.rm.fetchURL, err)
	}
	head, headHash := "", plumbing.ZeroHash
	refs := map[string]plumbing.Hash{}
	for _, line := range strings.Split(out, "\n") {
		left, name, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		if target, ok := strings.CutPrefix(left, "ref: "); ok {
			if name == "HEAD" && plumbing.ReferenceName(target).IsBranch() {
				head = plumbing.ReferenceName(target).Short()
			}
			continue
		}
		if name == "HEAD" {
			headHash = plumbing.NewHash(left)
			continue
		}
		refs[name] = plumbing.NewHash(left)
	}
	tips := map[string]plumbing.Hash{}
	for _, br := range branches {
		if h, ok := refs[string(plumbing.NewBranchReferenceName(br))]; ok && br != "" {
			tips[br] = h
		}
	}
	if head != "" && !headHash.IsZero() {
		tips[head] = headHash
	}
	return head, tips, nil
}

func (b *execBackend) fetch(ctx context.Context, branches []string) error {
	args := []string{"fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-gc", "--no-recurse-submodules"}
	if b.x.L.Shallow() {
		args = append(args, "--depth=1")
	}
	args = append(args, b.rm.fetchURL)
	for _, br := range branches {
		args = append(args, fmt.Sprintf("+%s:%s", plumbing.NewBranchReferenceName(br), trackingRef(b.rm.name, br)))
	}
	if _, err := b.x.Run(ctx, nil, args...); err != nil {
		return b.fail("fetch from", b.rm.fetchURL, err)
	}
	return nil
}

func (b *execBackend) ref(ctx context.Context, name plumbing.ReferenceName) (plumbing.Hash, error) {
	return b.x.Ref(ctx, name)
}

func (b *execBackend) setRef(ctx context.Context, name plumbing.ReferenceName, h plumbing.Hash) error {
	var err error
	if h.IsZero() {
		_, err = b.x.Run(ctx, nil, "update-ref", "-d", string(name))
	} else {
		_, err = b.x.Run(ctx, nil, "update-ref", "-m", "flake-unify: update", string(name), h.String())
	}
	return err
}

func (b *execBackend) commit(ctx context.Context, h plumbing.Hash) (plumbing.Hash, []plumbing.Hash, string, error) {
	out, err := b.x.Run(ctx, nil, "cat-file", "commit", h.String())
	if err != nil {
		return plumbing.ZeroHash, nil, "", &diag.Error{What: "reading commit " + h.String(), Why: gitrepo.Stderr(err), Err: err}
	}
	header, msg, _ := strings.Cut(out, "\n\n")
	var tree plumbing.Hash
	var parents []plumbing.Hash
	for _, line := range strings.Split(header, "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "tree":
			tree = plumbing.NewHash(v)
		case "parent":
			parents = append(parents, plumbing.NewHash(v))
		}
	}
	return tree, parents, msg, nil
}

func (b *execBackend) tree(ctx context.Context, h plumbing.Hash) ([]object.TreeEntry, error) {
	out, err := b.x.Run(ctx, nil, "ls-tree", "-z", h.String())
	if err != nil {
		return nil, &diag.Error{What: "reading tree " + h.String(), Why: gitrepo.Stderr(err), Err: err}
	}
	var entries []object.TreeEntry
	for _, rec := range strings.Split(out, "\x00") {
		meta, name, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta) // mode type hash
		if len(f) != 3 {
			return nil, fmt.Errorf("reading tree %s: unexpected ls-tree line %q", h, rec)
		}
		m, err := filemode.New(f[0])
		if err != nil {
			return nil, err
		}
		entries = append(entries, object.TreeEntry{Name: name, Mode: m, Hash: plumbing.NewHash(f[2])})
	}
	return entries, nil
}

func (b *execBackend) blob(ctx context.Context, h plumbing.Hash) ([]byte, error) {
	out, err := b.x.Run(ctx, nil, "cat-file", "blob", h.String())
	if err != nil {
		return nil, &diag.Error{What: "reading blob " + h.String(), Why: gitrepo.Stderr(err), Err: err}
	}
	return []byte(out), nil
}

func (b *execBackend) writeBlob(ctx context.Context, content []byte) (plumbing.Hash, error) {
	// --no-filters: the bot commits the bytes it was given.
	return b.hashOut(b.x.Run(ctx, content, "hash-object", "-w", "--no-filters", "--stdin"))
}

func (b *execBackend) writeTree(ctx context.Context, entries []object.TreeEntry) (plumbing.Hash, error) {
	var in bytes.Buffer
	for _, e := range entries {
		typ := "blob"
		switch e.Mode {
		case filemode.Dir:
			typ = "tree"
		case filemode.Submodule:
			typ = "commit"
		}
		fmt.Fprintf(&in, "%o %s %s\t%s\x00", uint32(e.Mode), typ, e.Hash, e.Name)
	}
	// --missing: the entries come from existing trees (a gitlink's commit
	// is never present), so there is nothing to check.
	return b.hashOut(b.x.Run(ctx, in.Bytes(), "mktree", "-z", "--missing"))
}

func (b *execBackend) writeCommit(ctx context.Context, tree, parent plumbing.Hash, msg string) (plumbing.Hash, error) {
	x := *b.x
	x.Env = slices.Clip(x.Env)
	// Where git has no identity, as on most CI runners, the bot's.
	for _, role := range []string{"AUTHOR", "COMMITTER"} {
		if _, err := x.Run(ctx, nil, "var", "GIT_"+role+"_IDENT"); err != nil {
			x.Env = append(x.Env, "GIT_"+role+"_NAME="+Name, "GIT_"+role+"_EMAIL="+Email)
		}
	}
	h, err := b.hashOut(x.Run(ctx, []byte(msg), "commit-tree", tree.String(), "-p", parent.String()))
	if err != nil {
		return plumbing.ZeroHash, &diag.Error{What: "git commit-tree failed", Why: gitrepo.Stderr(err), Err: err,
			Hint: "commit signing may have failed; fix it, or turn commit.gpgSign off for the bot"}
	}
	return h, nil
}

func (b *execBackend) hashOut(out string, err error) (plumbing.Hash, error) {
	if err != nil {
		return plumbing.ZeroHash, err
	}
	s := strings.TrimSpace(out)
	if !plumbing.IsHash(s) {
		return plumbing.ZeroHash, fmt.Errorf("git printed %q where a hash was expected", s)
	}
	return plumbing.NewHash(s), nil
}

// push runs git push with --force-with-lease naming the expected value
// (empty: the branch must not exist), so git checks it against the
// remote's advertisement and names it as the old value of the update.
// Hooks do not run (--no-verify): the bot pushes a branch of its own.
func (b *execBackend) push(ctx context.Context, h plumbing.Hash, branch string, expected plumbing.Hash) error {
	dst := plumbing.NewBranchReferenceName(branch)
	out, err := b.x.Run(ctx, nil, "push", "--porcelain", "--no-verify", "--no-follow-tags",
		"--force-with-lease="+string(dst)+":"+hashOrEmpty(expected), b.rm.pushURL, h.String()+":"+string(dst))
	if err == nil {
		return nil
	}
	if strings.Contains(out, "(stale info)") || strings.Contains(out, "failed to update ref") || strings.Contains(out, "failed to lock") {
		found := movedElsewhere
		if _, tips, lerr := b.advertised(ctx, []string{branch}); lerr == nil {
			found = hashOrEmpty(tips[branch])
		}
		return errLease(branch, hashOrEmpty(expected), found)
	}
	return b.fail("push to", b.rm.pushURL, err)
}
