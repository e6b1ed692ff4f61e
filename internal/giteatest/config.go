package giteatest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// config is everything app.ini depends on.
type config struct {
	dir     string // work directory: data, repositories, logs, home
	static  string // directory holding options/, templates/, public/
	port    int
	runUser string

	extra []Setting // the test's own settings, applied last

	// The secrets are fixed up front because Gitea otherwise generates them
	// and rewrites app.ini from whichever of its processes starts first.
	secretKey, internalToken, jwtSecret string
}

func newConfig(dir, static, runUser string) *config {
	return &config{dir: dir, static: static, runUser: runUser,
		secretKey: randomHex(32), internalToken: randomHex(32),
		jwtSecret: base64.RawURLEncoding.EncodeToString(randomBytes(32))}
}

// Setting is one app.ini key a test sets, over the defaults of Start; the
// section "" is the top of the file.
type Setting struct{ Section, Key, Value string }

type section struct {
	name string
	keys [][2]string
}

// appINI renders the configuration of a small, closed, quiet Gitea: SQLite,
// no registration, no mail, no SSH, no network of its own, no background jobs.
func (c *config) appINI() string {
	root := fmt.Sprintf("http://127.0.0.1:%d/", c.port)
	sections := []section{
		{"", [][2]string{
			{"APP_NAME", "flake-unify test forge"},
			{"RUN_USER", c.runUser},
			{"RUN_MODE", "prod"},
			{"WORK_PATH", c.dir},
		}},
		{"server", [][2]string{
			{"PROTOCOL", "http"},
			{"HTTP_ADDR", "127.0.0.1"},
			{"HTTP_PORT", fmt.Sprint(c.port)},
			{"DOMAIN", "127.0.0.1"},
			{"ROOT_URL", root},
			{"LOCAL_ROOT_URL", root},
			{"STATIC_ROOT_PATH", c.static},
			{"APP_DATA_PATH", filepath.Join(c.dir, "data")},
			{"DISABLE_SSH", "true"},
			{"START_SSH_SERVER", "false"},
			{"LFS_START_SERVER", "false"},
			{"OFFLINE_MODE", "true"},
			// Shutdown waits this long for open requests; the default is a minute.
			{"GRACEFUL_HAMMER_TIME", "2s"},
		}},
		{"database", [][2]string{
			{"DB_TYPE", "sqlite3"},
			{"PATH", filepath.Join(c.dir, "data", "gitea.db")},
		}},
		{"repository", [][2]string{
			{"ROOT", filepath.Join(c.dir, "repositories")},
			{"DEFAULT_BRANCH", "main"},
		}},
		{"security", [][2]string{
			{"INSTALL_LOCK", "true"},
			{"SECRET_KEY", c.secretKey},
			{"INTERNAL_TOKEN", c.internalToken},
			{"PASSWORD_COMPLEXITY", "off"},
		}},
		{"oauth2", [][2]string{
			{"ENABLED", "false"},
			// Needed all the same: Gitea signs other tokens with it.
			{"JWT_SECRET", c.jwtSecret},
		}},
		{"service", [][2]string{
			{"DISABLE_REGISTRATION", "true"},
			{"REQUIRE_SIGNIN_VIEW", "false"},
			{"ENABLE_NOTIFY_MAIL", "false"},
		}},
		{"mailer", [][2]string{{"ENABLED", "false"}}},
		{"session", [][2]string{{"PROVIDER", "memory"}}},
		{"cache", [][2]string{{"ADAPTER", "memory"}}},
		{"indexer", [][2]string{
			{"ISSUE_INDEXER_TYPE", "db"},
			{"REPO_INDEXER_ENABLED", "false"},
		}},
		{"log", [][2]string{
			{"MODE", "file"},
			{"LEVEL", "Info"},
			{"ROOT_PATH", filepath.Join(c.dir, "log")},
		}},
		{"cron", [][2]string{{"ENABLED", "false"}}},
		{"cron.update_checker", [][2]string{{"ENABLED", "false"}}},
		{"actions", [][2]string{{"ENABLED", "false"}}},
		{"packages", [][2]string{{"ENABLED", "false"}}},
		{"api", [][2]string{{"ENABLE_SWAGGER", "false"}}},
	}
	for _, x := range c.extra {
		i := slices.IndexFunc(sections, func(s section) bool { return s.name == x.Section })
		if i < 0 {
			sections = append(sections, section{name: x.Section})
			i = len(sections) - 1
		}
		j := slices.IndexFunc(sections[i].keys, func(kv [2]string) bool { return kv[0] == x.Key })
		if j < 0 {
			sections[i].keys = append(sections[i].keys, [2]string{x.Key, x.Value})
		} else {
			sections[i].keys[j][1] = x.Value
		}
	}
	var b strings.Builder
	for _, s := range sections {
		if s.name != "" {
			fmt.Fprintf(&b, "\n[%s]\n", s.name)
		}
		for _, kv := range s.keys {
			fmt.Fprintf(&b, "%s = %s\n", kv[0], kv[1])
		}
	}
	return b.String()
}

func (c *config) write(path string) error {
	return os.WriteFile(path, []byte(c.appINI()), 0o600)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return b
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }
