package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/flake-unify/flake-unify/diag"
)

// errDateFormat marks a GIT_*_DATE this package cannot parse; Auto leaves
// such dates to git, which knows all its formats.
var errDateFormat = errors.New("unsupported date format")

// identity resolves the author or committer ("author" or "committer") the
// way git does: GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL / GIT_AUTHOR_DATE first,
// then author.name / author.email, then user.name / user.email, then $EMAIL
// for the address. Unlike git it never guesses a name from the system
// account: a commit flake-unify makes must carry an identity the user chose.
func Identity(cfg *Config, role string, now time.Time) (object.Signature, error) {
	env := "GIT_" + strings.ToUpper(role) + "_"
	name := firstSet(os.Getenv(env+"NAME"), cfgValue(cfg, role+".name"), cfgValue(cfg, "user.name"))
	email := firstSet(os.Getenv(env+"EMAIL"), cfgValue(cfg, role+".email"), cfgValue(cfg, "user.email"), os.Getenv("EMAIL"))
	name = strings.TrimSpace(name)
	email = strings.Trim(strings.TrimSpace(email), "<>")
	if name == "" || email == "" {
		missing := "user.name is"
		if name != "" {
			missing = "user.email is"
		} else if email == "" {
			missing = "user.name and user.email are"
		}
		return object.Signature{}, &diag.Error{
			What: "no " + role + " identity",
			Why:  missing + " not set in git config, nor " + env + "NAME/" + env + "EMAIL in the environment",
			Hint: `set it with: git config --global user.name "Your Name"; git config --global user.email you@example.com`,
		}
	}
	when := now
	if d := os.Getenv(env + "DATE"); d != "" {
		t, err := ParseGitDate(d)
		if err != nil {
			return object.Signature{}, fmt.Errorf("%sDATE=%q: %w", env, d, err)
		}
		when = t
	}
	return object.Signature{Name: name, Email: email, When: when}, nil
}

func cfgValue(cfg *Config, key string) string {
	if cfg == nil {
		return ""
	}
	v, _ := cfg.Get(key)
	return v
}

func firstSet(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// ParseGitDate parses the date formats git documents for GIT_*_DATE:
// its internal "<unix seconds> <+hhmm>" (optionally with a leading @),
// RFC 2822 and ISO 8601.
func ParseGitDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if secs, tz, ok := strings.Cut(strings.TrimPrefix(s, "@"), " "); ok {
		if n, err := strconv.ParseInt(secs, 10, 64); err == nil {
			if loc, ok := parseTZ(tz); ok {
				return time.Unix(n, 0).In(loc), nil
			}
		}
	}
	for _, layout := range []string{
		time.RFC1123Z,
		"Mon, 2 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04:05 -0700",
		time.RFC3339,
		"2006-01-02 15:04:05 -0700",
		"2006-01-02T15:04:05 -0700",
		"2006-01-02 15:04:05Z07:00",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errDateFormat
}

func parseTZ(tz string) (*time.Location, bool) {
	if len(tz) != 5 || (tz[0] != '+' && tz[0] != '-') {
		return nil, false
	}
	hh, err1 := strconv.Atoi(tz[1:3])
	mm, err2 := strconv.Atoi(tz[3:5])
	if err1 != nil || err2 != nil {
		return nil, false
	}
	off := hh*3600 + mm*60
	if tz[0] == '-' {
		off = -off
	}
	return time.FixedZone("", off), true
}
