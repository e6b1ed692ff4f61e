package cli

import (
	"os"
	"path/filepath"
	"regexp"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/unify"
)

// lockPath is DIR/flake.lock as the user would write it ("flake.lock" for -C .).
func lockPath(dir string) string { return filepath.Join(dir, "flake.lock") }

// LoadLock reads and checks DIR/flake.lock.
func LoadLock(dir string) (*lockgraph.Lock, error) {
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

// inputsFlag is --input NAME… and --all for check and graph, read as plan
// reads them (unify.SelectInputs).
type inputsFlag struct {
	Input []string `help:"Also report this input's copies (repeatable): nixpkgs, an input name (flake-utils), an input path (a/flake-utils) or a source (github:numtide/flake-utils)." placeholder:"NAME"`
	All   bool     `help:"Report nixpkgs and every input source that flake.lock holds twice or more."`
}

func (f inputsFlag) selected() bool { return len(f.Input) > 0 || f.All }

// groups returns the selected identities other than nixpkgs and whether
// nixpkgs is selected (always, without --input and --all).
func (f inputsFlag) groups(l *lockgraph.Lock, c lockgraph.Classifier) ([]lockgraph.Group, bool, error) {
	if !f.selected() {
		return nil, true, nil
	}
	return unify.SelectInputs(l, c, f.Input, f.All)
}
