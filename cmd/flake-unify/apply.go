package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/flake-unify/flake-unify/internal/diag"
	"github.com/flake-unify/flake-unify/lockview"
)

type applyCmd struct {
	Dir      string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	NoCommit bool   `help:"Only rewrite flake.nix and flake.lock in place; do not commit."`
	Branch   string `help:"The branch to commit on (without --no-commit)." placeholder:"NAME"`
	JSON     bool   `name:"json" help:"Print the plan as one JSON document instead of the summary."`
	targetFlags
}

func (c *applyCmd) Run(e *env) error {
	if !c.NoCommit {
		return &diag.Error{What: "apply without --no-commit", Why: "committing is not available in this build yet",
			Hint: "run `flake-unify apply --no-commit` and commit flake.nix and flake.lock yourself"}
	}
	p, err := makePlan(c.Dir, &c.targetFlags)
	if err != nil {
		return err
	}
	if !p.Nothing() {
		var files []pendingFile
		if p.FlakeChanged() {
			files = append(files, pendingFile{name: p.Files.FlakeName, data: p.NewFlake})
		}
		if p.LockChanged() {
			files = append(files, pendingFile{name: p.Files.LockName, data: p.NewLock})
		}
		if err := writeAtomically(files); err != nil {
			return err
		}
	}
	if c.JSON {
		return lockview.WriteJSON(e.stdout, p.JSON())
	}
	if err := p.WriteSummary(e.stdout); err != nil {
		return err
	}
	if !p.Nothing() {
		var names []string
		if p.FlakeChanged() {
			names = append(names, p.Files.FlakeName)
		}
		if p.LockChanged() {
			names = append(names, p.Files.LockName)
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", joinAnd(names))
	}
	return nil
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return s[0] + " and " + s[1]
}

// pendingFile is a file to replace.
type pendingFile struct {
	name string
	data []byte
}

// rename is os.Rename; tests replace it to make a rename fail.
var rename = os.Rename

// writeAtomically replaces the files, both or neither: every new content
// (and a backup of every file but the last) is written and synced to a
// temporary file in the same directory first; then the files are renamed
// into place in order; when a rename fails, the files already replaced are
// put back from their backups. Symbolic links are followed (the file they
// point to is replaced); permissions are kept.
func writeAtomically(files []pendingFile) (err error) {
	type staged struct {
		path, tmp, backup string
	}
	var st []staged
	defer func() {
		for _, s := range st {
			if s.tmp != "" {
				os.Remove(s.tmp)
			}
			if s.backup != "" {
				os.Remove(s.backup)
			}
		}
	}()
	for i, f := range files {
		path := f.name
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
		mode := os.FileMode(0o644)
		old, statErr := os.Stat(path)
		if statErr == nil {
			if !old.Mode().IsRegular() {
				return writeErr(f.name, "it is not a regular file", nil)
			}
			mode = old.Mode().Perm()
		}
		s := staged{path: path}
		if s.tmp, err = writeTemp(path, f.data, mode); err != nil {
			st = append(st, s)
			return writeErr(f.name, "cannot write a temporary file beside it", err)
		}
		if i < len(files)-1 && statErr == nil {
			data, err := os.ReadFile(path)
			if err == nil {
				s.backup, err = writeTemp(path, data, mode)
			}
			if err != nil {
				st = append(st, s)
				return writeErr(f.name, "cannot back it up", err)
			}
		}
		st = append(st, s)
	}
	for i := range st {
		if err := rename(st[i].tmp, st[i].path); err != nil {
			var undo []error
			for j := i - 1; j >= 0; j-- {
				if st[j].backup == "" {
					undo = append(undo, os.Remove(st[j].path))
				} else if e := rename(st[j].backup, st[j].path); e != nil {
					undo = append(undo, e)
				} else {
					st[j].backup = ""
				}
			}
			if e := errors.Join(undo...); e != nil {
				return writeErr(files[i].name, "cannot replace it, and putting back the files already replaced failed too ("+e.Error()+")", err)
			}
			return writeErr(files[i].name, "cannot replace it; no file was changed", err)
		}
		st[i].tmp = ""
	}
	if len(st) > 0 {
		syncDir(filepath.Dir(st[0].path))
	}
	return nil
}

func writeErr(name, why string, err error) error {
	if err != nil {
		why += ": " + err.Error()
	}
	return &diag.Error{File: name, What: "cannot write", Why: why, Hint: "check the directory's permissions; flake.nix and flake.lock are unchanged"}
}

// writeTemp writes data to a new temporary file beside path and syncs it.
func writeTemp(path string, data []byte, mode os.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".flake-unify-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
