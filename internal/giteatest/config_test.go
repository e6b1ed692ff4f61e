package giteatest

import (
	"net/http"
	"strings"
	"testing"
)

func TestAppINISettings(t *testing.T) {
	for _, c := range []struct {
		name    string
		setting Setting
		want    string // in the rendered file
		gone    string // no longer in it
	}{
		{"replaces a default", Setting{"server", "OFFLINE_MODE", "false"}, "OFFLINE_MODE = false\n", "OFFLINE_MODE = true\n"},
		{"adds to a section", Setting{"server", "LANDING_PAGE", "explore"}, "[server]\n", ""},
		{"adds a section", Setting{"repository.pull-request", "WORK_IN_PROGRESS_PREFIXES", "WIP:"}, "\n[repository.pull-request]\nWORK_IN_PROGRESS_PREFIXES = WIP:\n", ""},
		{"top of the file", Setting{"", "APP_NAME", "other"}, "APP_NAME = other\n", "flake-unify test forge"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := newConfig("/w", "/s", "u")
			cfg.extra = []Setting{c.setting}
			ini := cfg.appINI()
			if !strings.Contains(ini, c.want) || c.gone != "" && strings.Contains(ini, c.gone) {
				t.Errorf("app.ini with %+v lacks %q or still has %q:\n%s", c.setting, c.want, c.gone, ini)
			}
			line := c.setting.Key + " = " + c.setting.Value + "\n"
			if strings.Count(ini, c.setting.Key+" = ") != 1 || !strings.Contains(ini, line) {
				t.Errorf("app.ini has %s not exactly once as %q:\n%s", c.setting.Key, line, ini)
			}
		})
	}
}

// TestSettingsApply: a Setting reaches the running server.
func TestSettingsApply(t *testing.T) {
	s := Start(t, Setting{"api", "MAX_RESPONSE_ITEMS", "7"})
	var api struct {
		MaxResponseItems int `json:"max_response_items"`
	}
	if st := s.API(t, "GET", "/settings/api", nil, &api); st != http.StatusOK || api.MaxResponseItems != 7 {
		t.Errorf("GET /settings/api: %d %+v, want max_response_items 7", st, api)
	}
}
