package gitops

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// WriteFiles writes the changes into dir, both or neither: every file is
// first written in full to a temporary file next to it, then the temporary
// files are renamed over the originals; if a rename fails, the files
// already replaced get their old contents back. A file keeps its
// permission bits. Files whose content is unchanged are not touched.
//
// Commit calls it itself; `flake-unify apply --no-commit` calls it directly.
func WriteFiles(dir string, changes []Change) error {
	_, err := writeFiles(dir, changes)
	return err
}

// renameFile is os.Rename; tests make it fail.
var renameFile = os.Rename

// fileState is a file's content before a write, to undo it.
type fileState struct {
	path    string // absolute
	existed bool
	content []byte
	perm    fs.FileMode
}

// readFileState reads the current state of the file at path. It refuses
// anything but a regular file, since renaming over a symlink would replace
// the link itself.
func readFileState(path string) (fileState, error) {
	st := fileState{path: path, perm: 0o644}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	if !fi.Mode().IsRegular() {
		return st, &diag.Error{File: path, What: "not a regular file", Why: "flake-unify replaces flake.nix and flake.lock by renaming a new file over them",
			Hint: "replace the symlink by the file it points to"}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return st, err
	}
	st.existed, st.content, st.perm = true, b, fi.Mode().Perm()
	return st, nil
}

// writeFiles does WriteFiles and returns a function that puts the old
// contents back.
func writeFiles(dir string, changes []Change) (undo func() error, err error) {
	type pending struct {
		old fileState
		tmp string
	}
	var ps []pending
	defer func() {
		for _, p := range ps {
			if p.tmp != "" {
				os.Remove(p.tmp)
			}
		}
	}()
	for _, c := range changes {
		if err := gitrepo.CheckPath(c.Path); err != nil {
			return nil, fmt.Errorf("gitops: %w", err)
		}
		path := filepath.Join(dir, filepath.FromSlash(c.Path))
		old, err := readFileState(path)
		if err != nil {
			return nil, err
		}
		if old.existed && bytes.Equal(old.content, c.Content) {
			continue
		}
		tmp, err := writeTemp(path, c.Content, old.perm)
		if err != nil {
			return nil, err
		}
		ps = append(ps, pending{old, tmp})
	}
	var done []fileState
	restore := func() error {
		var errs []error
		for i := len(done) - 1; i >= 0; i-- {
			errs = append(errs, restoreFile(done[i]))
		}
		return errors.Join(errs...)
	}
	for i := range ps {
		if err := renameFile(ps[i].tmp, ps[i].old.path); err != nil {
			if rerr := restore(); rerr != nil {
				return nil, fmt.Errorf("%w; putting back the files already written also failed: %w", err, rerr)
			}
			return nil, err
		}
		ps[i].tmp = ""
		done = append(done, ps[i].old)
	}
	if len(ps) > 0 {
		syncDir(dir)
	}
	return restore, nil
}

// writeTemp writes content to a new temporary file in path's directory and
// returns its name.
func writeTemp(path string, content []byte, perm fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".flake-unify-*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), perm)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func restoreFile(st fileState) error {
	if !st.existed {
		err := os.Remove(st.path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	tmp, err := writeTemp(st.path, st.content, st.perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, st.path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// syncDir makes the renames durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
