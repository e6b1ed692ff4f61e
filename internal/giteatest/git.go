package giteatest

import "encoding/base64"

// Names of the variables GitEnv puts the credentials in.
const (
	envGitUser  = "FLAKE_UNIFY_GITEA_USER"
	envGitToken = "FLAKE_UNIFY_GITEA_TOKEN"
)

// GitEnv returns environment entries that let the git executable push to and
// fetch from this server as User with Token; append them to a command's
// environment. See GitCredentialEnv.
func (s *Server) GitEnv() []string { return GitCredentialEnv(s.User, s.Token) }

// GitCredentialEnv returns environment entries that answer git's requests for
// http credentials with user and password. They stay in the environment: a
// credential helper configured through GIT_CONFIG_* variables prints them
// from there, so they appear neither in argv, nor in a config file, nor in a
// remote URL. The entries set GIT_CONFIG_COUNT, so they replace other
// configuration passed that way.
func GitCredentialEnv(user, password string) []string {
	helper := `!f() { test "$1" = get && printf 'username=%s\npassword=%s\n' "$` + envGitUser + `" "$` + envGitToken + `"; }; f`
	return []string{
		envGitUser + "=" + user,
		envGitToken + "=" + password,
		"GIT_TERMINAL_PROMPT=0",
		"GIT_CONFIG_COUNT=2",
		// An empty helper first drops helpers configured elsewhere.
		"GIT_CONFIG_KEY_0=credential.helper", "GIT_CONFIG_VALUE_0=",
		"GIT_CONFIG_KEY_1=credential.helper", "GIT_CONFIG_VALUE_1=" + helper,
		// The server is on loopback; a proxy from the environment must not see it.
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1",
	}
}

func basic(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}
