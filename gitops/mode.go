package gitops

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// commitHooks are the hooks `git commit` (and the ref and index updates it
// makes) may run. go-git runs none of them.
var commitHooks = []string{"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "reference-transaction", "post-index-change"}

// conversionAttrs are the gitattributes that make git change content
// between the work tree and the object store.
var conversionAttrs = map[string]bool{"filter": true, "text": true, "eol": true, "crlf": true, "ident": true, "working-tree-encoding": true}

// chooseMode resolves m to GoGit or Exec following the rule documented on
// Auto, and returns the reason when Auto picked Exec.
func chooseMode(m Mode, l *gitrepo.Layout, cfg *gitrepo.Config) (Mode, string, error) {
	switch m {
	case GoGit:
		return GoGit, "", nil
	case Exec:
		if _, err := gitrepo.LookGit(); err != nil {
			return Exec, "", &diag.Error{What: "git executable not found", Why: err.Error(), Hint: "install git, or pass --git go to commit with go-git", Err: err}
		}
		return Exec, "", nil
	case Auto:
	default:
		return m, "", &diag.Error{What: "unknown git mode " + m.String()}
	}
	reason := execReason(l, cfg)
	if reason == "" {
		return GoGit, "", nil
	}
	if _, err := gitrepo.LookGit(); err != nil {
		return Exec, reason, &diag.Error{
			What: "cannot commit without the git executable",
			Why:  reason + ", which go-git does not honour, and git is not installed",
			Hint: "install git; or pass --git go to commit with go-git regardless, or --no-commit to only write the files",
		}
	}
	return Exec, reason, nil
}

// execReason returns why the repository needs the git executable, or "".
func execReason(l *gitrepo.Layout, cfg *gitrepo.Config) string {
	if r := gitrepo.ConfigReason(cfg); r != "" {
		return r
	}
	if h := hookPresent(l, cfg); h != "" {
		return "a " + h + " hook is installed"
	}
	if v, ok := cfg.Get("core.autocrlf"); ok && (gitrepo.ParseBool(v) || strings.EqualFold(strings.TrimSpace(v), "input")) {
		return "core.autocrlf is set"
	}
	if f := conversionAttributes(l, cfg); f != "" {
		return "gitattributes may convert content (" + f + ")"
	}
	if l.CommonDir != l.GitDir {
		return "the work tree is a linked work tree (git worktree)"
	}
	if _, err := os.Stat(filepath.Join(l.CommonDir, "objects", "info", "alternates")); err == nil {
		return "the repository borrows objects from alternates"
	}
	if r := gitrepo.ExtensionReason(cfg); r != "" {
		return r
	}
	if v, ok := cfg.Get("core.sparsecheckout"); ok && gitrepo.ParseBool(v) {
		return "sparse checkout is enabled"
	}
	return gitrepo.DateReason()
}

// hookPresent returns the name of an executable commit hook, or "".
func hookPresent(l *gitrepo.Layout, cfg *gitrepo.Config) string {
	dir := filepath.Join(l.CommonDir, "hooks")
	if p, ok := cfg.Get("core.hookspath"); ok && p != "" {
		dir = expandHome(p)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(l.WorkTree, dir)
		}
	}
	for _, h := range commitHooks {
		fi, err := os.Stat(filepath.Join(dir, h))
		if err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return h
		}
	}
	return ""
}

// conversionAttributes returns the first attributes file that sets a
// conversion attribute, or "". It reads the files git would consult for the
// flake's paths: info/attributes, core.attributesFile and .gitattributes
// from the top of the work tree down to the flake directory. Patterns are
// not matched: any setting counts, which errs towards running git.
func conversionAttributes(l *gitrepo.Layout, cfg *gitrepo.Config) string {
	files := []string{filepath.Join(l.CommonDir, "info", "attributes")}
	if p, ok := cfg.Get("core.attributesfile"); ok && p != "" {
		files = append(files, expandHome(p))
	} else if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "attributes"))
	} else if home, err := os.UserHomeDir(); err == nil {
		files = append(files, filepath.Join(home, ".config", "git", "attributes"))
	}
	dir := ""
	files = append(files, filepath.Join(l.WorkTree, ".gitattributes"))
	for _, c := range strings.Split(l.Prefix, "/") {
		if c == "" {
			continue
		}
		dir = path.Join(dir, c)
		files = append(files, filepath.Join(l.WorkTree, filepath.FromSlash(dir), ".gitattributes"))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if setsConversion(b) {
			return f
		}
	}
	return ""
}

func setsConversion(b []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		for _, a := range fields[1:] {
			if strings.HasPrefix(a, "-") || strings.HasPrefix(a, "!") {
				continue // unset or unspecified: no conversion
			}
			name, _, _ := strings.Cut(a, "=")
			if conversionAttrs[name] {
				return true
			}
		}
	}
	return false
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}
