package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// goBackend does the bot's work in process: go-git's object and ref storage on
// the repository, and its transports for the remote.
type goBackend struct {
	st    *filesystem.Storage
	l     *gitrepo.Layout
	cfg   *gitrepo.Config
	rm    remote
	creds *credentials
}

// openGo opens the repository's storage, or reuses st.
func openGo(l *gitrepo.Layout, cfg *gitrepo.Config, st *filesystem.Storage, rm remote, c *credentials) *goBackend {
	if st == nil {
		// Objects and refs live in the common directory, also for a
		// linked work tree.
		st = filesystem.NewStorage(osfs.New(l.CommonDir), cache.NewObjectLRUDefault())
	}
	return &goBackend{st: st, l: l, cfg: cfg, rm: rm, creds: c}
}

func (b *goBackend) auth() transport.AuthMethod {
	if b.creds.token == "" {
		return nil
	}
	return &githttp.BasicAuth{Username: b.creds.user, Password: b.creds.token}
}

// fail classifies a go-git transport error.
func (b *goBackend) fail(op, u string, err error) error {
	var de *diag.Error
	if errors.As(err, &de) {
		return b.creds.redact(err)
	}
	kind := failOther
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired):
		kind = failAuth
	case errors.Is(err, transport.ErrAuthorizationFailed):
		kind = failDenied
	case errors.Is(err, transport.ErrRepositoryNotFound):
		kind = failNotFound
	}
	return remoteError(kind, op, u, err.Error(), b.creds, err)
}

func (b *goBackend) session(ctx context.Context, u, service string) (transport.Session, *packp.AdvRefs, error) {
	ep, err := transport.NewEndpoint(u)
	if err != nil {
		return nil, nil, b.creds.redact(err)
	}
	cl, err := client.NewClient(ep)
	if err != nil {
		return nil, nil, b.creds.redact(err)
	}
	var sess transport.Session
	if service == transport.ReceivePackServiceName {
		sess, err = cl.NewReceivePackSession(ep, b.auth())
	} else {
		sess, err = cl.NewUploadPackSession(ep, b.auth())
	}
	if err != nil {
		return nil, nil, err
	}
	ar, err := sess.AdvertisedReferencesContext(ctx)
	if err != nil {
		sess.Close()
		return nil, nil, err
	}
	return sess, ar, nil
}

func (b *goBackend) advertised(ctx context.Context, branches []string) (string, map[string]plumbing.Hash, error) {
	sess, ar, err := b.session(ctx, b.rm.fetchURL, transport.UploadPackServiceName)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return "", map[string]plumbing.Hash{}, nil
	}
	if err != nil {
		return "", nil, b.fail("fetch from", b.rm.fetchURL, err)
	}
	defer sess.Close()
	refs, err := ar.AllReferences()
	if err != nil {
		return "", nil, b.fail("fetch from", b.rm.fetchURL, err)
	}
	head := ""
	if r, err := refs.Reference(plumbing.HEAD); err == nil && r.Type() == plumbing.SymbolicReference && r.Target().IsBranch() {
		head = r.Target().Short()
		branches = append(branches, head)
	}
	tips := map[string]plumbing.Hash{}
	for _, br := range branches {
		if br == "" {
			continue
		}
		if r, err := refs.Reference(plumbing.NewBranchReferenceName(br)); err == nil && r.Type() == plumbing.HashReference {
			tips[br] = r.Hash()
		}
	}
	return head, tips, nil
}

func (b *goBackend) fetch(ctx context.Context, branches []string) error {
	var specs []config.RefSpec
	for _, br := range branches {
		specs = append(specs, config.RefSpec(fmt.Sprintf("+%s:%s", plumbing.NewBranchReferenceName(br), trackingRef(b.rm.name, br))))
	}
	r := git.NewRemote(b.st, &config.RemoteConfig{Name: b.rm.name, URLs: []string{b.rm.fetchURL}})
	opts := &git.FetchOptions{RemoteName: b.rm.name, RefSpecs: specs, Auth: b.auth(), Tags: git.NoTags, Force: true}
	if b.l.Shallow() {
		opts.Depth = 1
	}
	err := r.FetchContext(ctx, opts)
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return b.fail("fetch from", b.rm.fetchURL, err)
	}
	return nil
}

func (b *goBackend) ref(_ context.Context, name plumbing.ReferenceName) (plumbing.Hash, error) {
	r, err := b.st.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return r.Hash(), nil
}

func (b *goBackend) setRef(_ context.Context, name plumbing.ReferenceName, h plumbing.Hash) error {
	if h.IsZero() {
		return b.st.RemoveReference(name)
	}
	return b.st.SetReference(plumbing.NewHashReference(name, h))
}

func (b *goBackend) commit(_ context.Context, h plumbing.Hash) (plumbing.Hash, []plumbing.Hash, string, error) {
	c, err := object.GetCommit(b.st, h)
	if err != nil {
		return plumbing.ZeroHash, nil, "", fmt.Errorf("reading commit %s: %w", h, err)
	}
	return c.TreeHash, c.ParentHashes, c.Message, nil
}

func (b *goBackend) tree(_ context.Context, h plumbing.Hash) ([]object.TreeEntry, error) {
	t, err := object.GetTree(b.st, h)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", h, err)
	}
	return t.Entries, nil
}

func (b *goBackend) blob(_ context.Context, h plumbing.Hash) ([]byte, error) {
	bl, err := object.GetBlob(b.st, h)
	if err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", h, err)
	}
	r, err := bl.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func (b *goBackend) writeBlob(_ context.Context, content []byte) (plumbing.Hash, error) {
	return gitrepo.WriteObject(b.st, plumbing.BlobObject, content)
}

func (b *goBackend) writeTree(_ context.Context, entries []object.TreeEntry) (plumbing.Hash, error) {
	obj := b.st.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return b.st.SetEncodedObject(obj)
}

func (b *goBackend) writeCommit(_ context.Context, tree, parent plumbing.Hash, msg string) (plumbing.Hash, error) {
	if v, ok := b.cfg.Get("commit.gpgsign"); ok && gitrepo.IsSet(v) {
		return plumbing.ZeroHash, &diag.Error{What: "commit signing is configured (commit.gpgSign), and go-git cannot sign",
			Hint: "use the git executable (mode auto or exec) to sign the bot's commits"}
	}
	now := time.Now()
	var sig [2]object.Signature
	for i, role := range []string{"author", "committer"} {
		s, err := gitrepo.Identity(b.cfg, role, now)
		var de *diag.Error
		if errors.As(err, &de) {
			s, err = object.Signature{Name: Name, Email: Email, When: now}, nil
		}
		if err != nil {
			return plumbing.ZeroHash, err
		}
		sig[i] = s
	}
	c := &object.Commit{Author: sig[0], Committer: sig[1], Message: msg, TreeHash: tree, ParentHashes: []plumbing.Hash{parent}}
	obj := b.st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return b.st.SetEncodedObject(obj)
}

// push speaks the receive-pack protocol itself rather than through
// Remote.Push: go-git ignores its lease for a commit pushed by hash, and
// walks all of the remote's history to choose the objects to send. Here
// the lease is checked against the advertisement of the same session, the
// update names that value as the old one (receive-pack refuses it
// atomically if the branch moved in between), and the pack holds only
// newObjects.
func (b *goBackend) push(ctx context.Context, h plumbing.Hash, branch string, expected plumbing.Hash) error {
	sess, ar, err := b.session(ctx, b.rm.pushURL, transport.ReceivePackServiceName)
	if err != nil {
		return b.fail("push to", b.rm.pushURL, err)
	}
	defer sess.Close()
	rp := sess.(transport.ReceivePackSession)
	refs, err := ar.AllReferences()
	if err != nil {
		return b.fail("push to", b.rm.pushURL, err)
	}
	dst := plumbing.NewBranchReferenceName(branch)
	var cur plumbing.Hash
	if r, err := refs.Reference(dst); err == nil {
		cur = r.Hash()
	}
	if cur != expected {
		return errLease(branch, hashOrEmpty(expected), hashOrEmpty(cur))
	}
	if cur == h {
		return nil
	}
	objs, err := newObjects(ctx, b, h)
	if err != nil {
		return err
	}
	req := packp.NewReferenceUpdateRequestFromCapabilities(ar.Capabilities)
	req.Commands = []*packp.Command{{Name: dst, Old: cur, New: h}}
	rd, wr := io.Pipe()
	req.Packfile = rd
	done := make(chan error, 1)
	go func() {
		_, err := packfile.NewEncoder(wr, b.st, !ar.Capabilities.Supports(capability.OFSDelta)).Encode(objs, 10)
		wr.CloseWithError(err)
		done <- err
	}()
	rs, err := rp.ReceivePack(ctx, req)
	rd.Close()
	if encErr := <-done; err == nil && encErr != nil && !errors.Is(encErr, io.ErrClosedPipe) {
		err = encErr
	}
	if err == nil && rs != nil {
		err = rs.Error()
	}
	if err == nil {
		return nil
	}
	// ReceivePack reports a refused update as an error of its own, or in
	// the report status.
	if msg := err.Error(); strings.Contains(msg, "failed to update ref") || strings.Contains(msg, "failed to lock") {
		// The branch moved between the advertisement and the update.
		found := movedElsewhere
		if _, tips, lerr := b.advertised(ctx, []string{branch}); lerr == nil {
			found = hashOrEmpty(tips[branch])
		}
		return errLease(branch, hashOrEmpty(expected), found)
	}
	return b.fail("push to", b.rm.pushURL, err)
}

func hashOrEmpty(h plumbing.Hash) string {
	if h.IsZero() {
		return ""
	}
	return h.String()
}
