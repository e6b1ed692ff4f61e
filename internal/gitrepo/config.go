package gitrepo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	format "github.com/go-git/go-git/v5/plumbing/format/config"
)

// Config is the merged configuration of the files git reads, in git's
// order (system, global, repository): a later value wins. go-git's own
// loader reads only one global file and no system file, so it is not used.
type Config struct {
	entries  []cfgEntry
	Includes []string // files that use include or includeIf
}

type cfgEntry struct {
	section, subsection, key, value string // section and key lower-cased
}

// LoadConfig reads the configuration that applies to the repository in l.
func LoadConfig(l *Layout) (*Config, error) {
	c := &Config{}
	for _, f := range configFiles(l) {
		b, err := os.ReadFile(f)
		if err != nil {
			if os.IsNotExist(err) || os.IsPermission(err) {
				continue // git skips unreadable global and system files too
			}
			return nil, err
		}
		if err := c.add(f, b); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func configFiles(l *Layout) []string {
	var files []string
	if os.Getenv("GIT_CONFIG_NOSYSTEM") == "" || !ParseBool(os.Getenv("GIT_CONFIG_NOSYSTEM")) {
		if p := os.Getenv("GIT_CONFIG_SYSTEM"); p != "" {
			files = append(files, p)
		} else {
			files = append(files, "/etc/gitconfig")
		}
	}
	if p := os.Getenv("GIT_CONFIG_GLOBAL"); p != "" {
		files = append(files, p)
	} else {
		if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
			files = append(files, filepath.Join(xdg, "git", "config"))
		} else if home, err := os.UserHomeDir(); err == nil {
			files = append(files, filepath.Join(home, ".config", "git", "config"))
		}
		if home, err := os.UserHomeDir(); err == nil {
			files = append(files, filepath.Join(home, ".gitconfig"))
		}
	}
	if l != nil {
		files = append(files, filepath.Join(l.CommonDir, "config"))
	}
	return files
}

func (c *Config) add(name string, b []byte) error {
	var fc format.Config
	if err := format.NewDecoder(bytes.NewReader(b)).Decode(&fc); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, s := range fc.Sections {
		sec := strings.ToLower(s.Name)
		if sec == "include" || sec == "includeif" {
			c.Includes = append(c.Includes, name)
		}
		for _, o := range s.Options {
			c.entries = append(c.entries, cfgEntry{sec, "", strings.ToLower(o.Key), o.Value})
		}
		for _, ss := range s.Subsections {
			for _, o := range ss.Options {
				c.entries = append(c.entries, cfgEntry{sec, ss.Name, strings.ToLower(o.Key), o.Value})
			}
		}
	}
	return nil
}

// get returns the last value of section[.subsection].key. Section and key
// are case-insensitive; key is written "section.key" or
// "section.subsection.key".
func (c *Config) Get(key string) (string, bool) {
	sec, sub, k := splitKey(key)
	for i := len(c.entries) - 1; i >= 0; i-- {
		e := c.entries[i]
		if e.section == sec && e.subsection == sub && e.key == k {
			return e.value, true
		}
	}
	return "", false
}

// KeysIn returns the keys (lower-cased "section.key") set in section.
func (c *Config) KeysIn(section string) []string {
	var keys []string
	for _, e := range c.entries {
		if e.section == section {
			k := e.section + "." + e.key
			if e.subsection != "" {
				k = e.section + "." + e.subsection + "." + e.key
			}
			keys = append(keys, k)
		}
	}
	return keys
}

func splitKey(key string) (sec, sub, k string) {
	first := strings.Index(key, ".")
	last := strings.LastIndex(key, ".")
	sec = strings.ToLower(key[:first])
	k = strings.ToLower(key[last+1:])
	if first != last {
		sub = key[first+1 : last]
	}
	return sec, sub, k
}

// ParseBool reads a git boolean. A key written without "= value" decodes as
// "", which git reads as true; callers that must not miss a true value use
// IsSet instead.
func ParseBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// IsSet reports whether v enables a boolean option: anything but an explicit
// false. It errs towards "set" because the decoder cannot tell "key" (true)
// from "key =" (false).
func IsSet(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "false", "no", "off", "0":
		return false
	}
	return true
}
