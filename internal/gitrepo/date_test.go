package gitrepo

import (
	"testing"
	"time"
)

func TestParseGitDate(t *testing.T) {
	for in, want := range map[string]string{
		"1700000000 +0100":                "2023-11-14T23:13:20+01:00",
		"@1700000000 -0000":               "2023-11-14T22:13:20Z",
		"2005-04-07T22:13:13Z":            "2005-04-07T22:13:13Z",
		"2005-04-07 22:13:13 -0700":       "2005-04-07T22:13:13-07:00",
		"Thu, 7 Apr 2005 22:13:13 +0200":  "2005-04-07T22:13:13+02:00",
		"Thu, 07 Apr 2005 22:13:13 +0200": "2005-04-07T22:13:13+02:00",
	} {
		got, err := ParseGitDate(in)
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("ParseGitDate(%q) = %v, %v; want %s", in, got.Format(time.RFC3339), err, want)
		}
	}
	for _, bad := range []string{"yesterday", "1700000000", "Tue Nov 14 22:13:20 2023 +0000"} {
		if _, err := ParseGitDate(bad); err == nil {
			t.Errorf("ParseGitDate(%q) accepted", bad)
		}
	}
}
