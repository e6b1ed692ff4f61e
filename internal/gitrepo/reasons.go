package gitrepo

import (
	"os"
	"path/filepath"
	"strings"
)

// The reasons below are shared by the local commit and the bot: each names
// something go-git does not honour, so the git executable must do the work.

// ConfigReason is why git configuration needs git itself: signing,
// includes and configuration from the environment, which go-git ignores.
func ConfigReason(cfg *Config) string {
	if v, ok := cfg.Get("commit.gpgsign"); ok && IsSet(v) {
		return "commit signing is configured (commit.gpgSign)"
	}
	if len(cfg.Includes) > 0 {
		return "git config uses include/includeIf (" + cfg.Includes[0] + ")"
	}
	for _, k := range []string{"GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"} {
		if os.Getenv(k) != "" {
			return "git configuration comes from the environment (" + k + ")"
		}
	}
	return ""
}

// ExtensionReason names a repository extension go-git cannot honour; the
// sha1 object format is the default spelled out.
func ExtensionReason(cfg *Config) string {
	for _, k := range cfg.KeysIn("extensions") {
		if v, _ := cfg.Get(k); k == "extensions.objectformat" && strings.EqualFold(v, "sha1") {
			continue
		}
		return "the repository uses " + k
	}
	return ""
}

// DateReason names a date in the environment that only git parses.
func DateReason() string {
	for _, k := range []string{"GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"} {
		if d := os.Getenv(k); d != "" {
			if _, err := ParseGitDate(d); err != nil {
				return k + " is in a format only git parses"
			}
		}
	}
	return ""
}

// Alternates reports whether the repository borrows objects from other
// object stores, which go-git must not write next to.
func (l *Layout) Alternates() bool {
	return exists(filepath.Join(l.CommonDir, "objects", "info", "alternates"))
}

// Shallow reports whether the repository is a shallow clone (as
// actions/checkout makes by default).
func (l *Layout) Shallow() bool {
	return exists(filepath.Join(l.CommonDir, "shallow"))
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
