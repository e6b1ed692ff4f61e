package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/flakenix"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/policy"
	"github.com/flake-unify/flake-unify/unify"
)

// ConfigFlags choose the policy file: DIR/flake-unify.toml unless told
// otherwise.
type ConfigFlags struct {
	Config   string `help:"Read the policy from FILE instead of DIR/flake-unify.toml." placeholder:"FILE"`
	NoConfig bool   `help:"Read no policy file (comments in flake.nix and flags still count)."`
}

// fileLayer reads the policy file for the flake in dir: --config FILE
// (which must exist), else DIR/flake-unify.toml when it exists.
func (c *ConfigFlags) fileLayer(dir string) (policy.Layer, error) {
	if c.NoConfig {
		return nil, nil
	}
	name := c.Config
	if name == "" {
		name = filepath.Join(dir, policy.FileName)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		if os.IsNotExist(err) && c.Config == "" {
			return nil, nil
		}
		return nil, &diag.Error{File: name, What: "cannot read the policy file", Why: err.Error(), Err: err,
			Hint: "check the path given to --config, or pass --no-config"}
	}
	return policy.ReadFile(name, data)
}

// layer is what the target flags say; a flag left at its zero value says
// nothing, so the file's setting (or the default) stands.
func (t *TargetFlags) layer() policy.Layer {
	var l policy.Layer
	add := func(key, flag string, v policy.Value) {
		l = append(l, policy.Setting{Key: key, Value: v, Origin: policy.Flag, File: flag})
	}
	if t.To != "" {
		add("to", "--to", policy.Value{Str: t.To})
	}
	if t.Strategy != "" {
		add("strategy", "--strategy", policy.Value{Str: t.Strategy})
	}
	if t.ReleaseLines != "" {
		add("release-lines", "--release-lines", policy.Value{Str: t.ReleaseLines})
	}
	if len(t.Keep) > 0 {
		add("keep", "--keep", policy.Value{List: t.Keep})
	}
	if len(t.Merge) > 0 {
		add("merge", "--merge", policy.Value{List: t.Merge})
	}
	if t.Match != nil {
		add("match", "--match", policy.Value{Str: t.Match.String()})
	}
	if len(t.Input) > 0 {
		add("inputs", "--input", policy.Value{List: t.Input})
	}
	if t.All {
		add("all", "--all", policy.Value{Bool: true})
	}
	if t.Prune {
		add("prune", "--prune", policy.Value{Bool: true})
	}
	if t.Caches != "" {
		add("caches", "--caches", policy.Value{Str: t.Caches})
	}
	if t.NixVersion != "" {
		add("nix-version", "--nix-version", policy.Value{Str: t.NixVersion})
	}
	return l
}

// buildPolicy stacks defaults, the policy file of dir, the comments of
// flake.nix (files.Flake) and the flags.
func buildPolicy(dir string, cf *ConfigFlags, t *TargetFlags, files unify.Files) (*policy.Policy, error) {
	file, err := cf.fileLayer(dir)
	if err != nil {
		return nil, err
	}
	comments, err := commentLayer(files)
	if err != nil {
		return nil, err
	}
	return policy.Build(file, comments, t.layer()), nil
}

// commentLayer is what the `# flake-unify:` comments of flake.nix say. A
// flake.nix that does not parse adds none: the planner reports it, in its
// words.
func commentLayer(files unify.Files) (policy.Layer, error) {
	if files.Flake == nil {
		return nil, nil
	}
	f, err := flakenix.Parse(files.FlakeName, files.Flake)
	if err != nil {
		return nil, nil
	}
	return policy.ReadComments(files.FlakeName, f)
}

// PlanOptions are the planner's options from the policy, checked against the
// lock in files (a lock that does not parse is left for the planner to
// report, in its words).
func PlanOptions(pol *policy.Policy, t *TargetFlags, files *unify.Files) (unify.Options, error) {
	l, err := lockgraph.Parse(files.LockName, files.Lock)
	if err == nil {
		err = l.Check()
	}
	if err != nil {
		return unify.Options{}, err
	}
	// The plan starts from the same lock: it is read once.
	files.Parsed = l
	o, err := pol.Options(l, detectNix)
	if err != nil {
		return o, err
	}
	o.PerBranch, o.LockOnly = t.PerBranch, t.LockOnly
	o.Store = newStoreFacts(l, pol.FetchCaches(), t.StoreRoot)
	return o, nil
}

type policyCmd struct {
	Dir string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	ConfigFlags
	TargetFlags
}

// Run prints the effective policy, one setting a line, as flake-unify.toml
// would say it, with where each setting came from.
func (c *policyCmd) Run(e *Env) error {
	files, err := readFiles(c.Dir)
	if err != nil {
		return err
	}
	pol, err := buildPolicy(c.Dir, &c.ConfigFlags, &c.TargetFlags, files)
	if err != nil {
		return err
	}
	if _, err := PlanOptions(pol, &c.TargetFlags, &files); err != nil {
		return err
	}
	_, err = io.WriteString(e.Stdout, pol.Text())
	return err
}

// BasePolicy is the bot's policy: the policy file and comments as the base
// branch holds them (read reads a file of the flake's directory there;
// never the checkout's, which a pull request can change), then the flags.
func BasePolicy(read func(string) ([]byte, error), dir string, noConfig bool, t *TargetFlags, files unify.Files) (*policy.Policy, error) {
	var file policy.Layer
	if !noConfig {
		data, err := read(policy.FileName)
		switch {
		case err == nil:
			if file, err = policy.ReadFile(path.Join(dir, policy.FileName), data); err != nil {
				return nil, err
			}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	comments, err := commentLayer(files)
	if err != nil {
		return nil, err
	}
	return policy.Build(file, comments, t.layer()), nil
}
