package gitops

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// commitHooks are the hooks `git commit` (and the ref and index updates it
// makes) may run. go-git runs none of them.
var commitHooks = []string{"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "reference-transaction", "post-index-change"}

// conversionAttrs are the gitattributes that make git change content
// between the work tree and the object store.
var conversionAttrs = map[string]bool{"filter": true, "text": true, "eol": true, "crlf": true, "ident": true, "working-tree-encoding": true}

// lookGit finds the git executable; a variable so tests can hide it.
var lookGit = func() (string, error) { return exec.LookPath("git") }

// chooseMode resolves m to GoGit or Exec following the rule documented on
// Auto, and returns the reason when Auto picked Exec.
func chooseMode(m Mode, l *layout, cfg *gitConfig) (Mode, string, error) {
	switch m {
	case GoGit:
		return GoGit, "", nil
	case Exec:
		if _, err := lookGit(); err != nil {
			return Exec, "", &diag.Error{What: "git executable not found", Why: err.Error(), Hint: "install git, or pass --git go to commit with go-git"}
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
	if _, err := lookGit(); err != nil {
		return Exec, reason, &diag.Error{
			What: "cannot commit without the git executable",
			Why:  reason + ", which go-git does not honour, and git is not installed",
			Hint: "install git; or pass --git go to commit with go-git regardless, or --no-commit to only write the files",
		}
	}
	return Exec, reason, nil
}

// execReason returns why the repository needs the git executable, or "".
func execReason(l *layout, cfg *gitConfig) string {
	if r := configReason(cfg); r != "" {
		return r
	}
	if h := hookPresent(l, cfg); h != "" {
		return "a " + h + " hook is installed"
	}
	if v, ok := cfg.get("core.autocrlf"); ok && (parseBool(v) || strings.EqualFold(strings.TrimSpace(v), "input")) {
		return "core.autocrlf is set"
	}
	if f := conversionAttributes(l, cfg); f != "" {
		return "gitattributes may convert content (" + f + ")"
	}
	if l.commonDir != l.gitDir {
		return "the work tree is a linked work tree (git worktree)"
	}
	if _, err := os.Stat(filepath.Join(l.commonDir, "objects", "info", "alternates")); err == nil {
		return "the repository borrows objects from alternates"
	}
	if r := extensionReason(cfg); r != "" {
		return r
	}
	if v, ok := cfg.get("core.sparsecheckout"); ok && parseBool(v) {
		return "sparse checkout is enabled"
	}
	return dateReason()
}

// configReason is why git configuration needs git itself: signing,
// includes and configuration from the environment, which go-git ignores.
func configReason(cfg *gitConfig) string {
	if v, ok := cfg.get("commit.gpgsign"); ok && isSet(v) {
		return "commit signing is configured (commit.gpgSign)"
	}
	if len(cfg.includes) > 0 {
		return "git config uses include/includeIf (" + cfg.includes[0] + ")"
	}
	for _, k := range []string{"GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"} {
		if os.Getenv(k) != "" {
			return "git configuration comes from the environment (" + k + ")"
		}
	}
	return ""
}

// extensionReason names a repository extension go-git cannot honour; the
// sha1 object format is the default spelled out.
func extensionReason(cfg *gitConfig) string {
	for _, k := range cfg.keysIn("extensions") {
		if v, _ := cfg.get(k); k == "extensions.objectformat" && strings.EqualFold(v, "sha1") {
			continue
		}
		return "the repository uses " + k
	}
	return ""
}

// dateReason names a date in the environment that only git parses.
func dateReason() string {
	for _, k := range []string{"GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"} {
		if d := os.Getenv(k); d != "" {
			if _, err := parseGitDate(d); err != nil {
				return k + " is in a format only git parses"
			}
		}
	}
	return ""
}

// hookPresent returns the name of an executable commit hook, or "".
func hookPresent(l *layout, cfg *gitConfig) string {
	dir := filepath.Join(l.commonDir, "hooks")
	if p, ok := cfg.get("core.hookspath"); ok && p != "" {
		dir = expandHome(p)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(l.workTree, dir)
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
func conversionAttributes(l *layout, cfg *gitConfig) string {
	files := []string{filepath.Join(l.commonDir, "info", "attributes")}
	if p, ok := cfg.get("core.attributesfile"); ok && p != "" {
		files = append(files, expandHome(p))
	} else if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "attributes"))
	} else if home, err := os.UserHomeDir(); err == nil {
		files = append(files, filepath.Join(home, ".config", "git", "attributes"))
	}
	dir := ""
	files = append(files, filepath.Join(l.workTree, ".gitattributes"))
	for _, c := range strings.Split(l.prefix, "/") {
		if c == "" {
			continue
		}
		dir = path.Join(dir, c)
		files = append(files, filepath.Join(l.workTree, filepath.FromSlash(dir), ".gitattributes"))
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
