package main

import (
	"os"
	"path/filepath"
	"regexp"

	"github.com/flake-unify/flake-unify/internal/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// lockPath is DIR/flake.lock as the user would write it ("flake.lock" for -C .).
func lockPath(dir string) string { return filepath.Join(dir, "flake.lock") }

// loadLock reads and checks DIR/flake.lock.
func loadLock(dir string) (*lockgraph.Lock, error) {
	name := lockPath(dir)
	data, err := os.ReadFile(name)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, &diag.Error{File: name, What: "no lock file", Why: "the file does not exist",
				Hint: "run `nix flake lock` in the flake's directory first, or point -C at it"}
		}
		return nil, err
	}
	l, err := lockgraph.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if err := l.Check(); err != nil {
		return nil, err
	}
	return l, nil
}

// matchFlag is --match REGEXP: what else counts as nixpkgs.
type matchFlag struct {
	Match *regexp.Regexp `help:"Also count as nixpkgs a node whose source (as a flake URL) matches REGEXP, e.g. a mirror." placeholder:"REGEXP"`
}

func (m matchFlag) classifier() lockgraph.Classifier { return lockgraph.Classifier{Match: m.Match} }
