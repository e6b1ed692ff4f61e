package forge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/diag"
)

const secret = "glpat-Zx81vQ7nC2kD9pLm4TtY"

// echoToken answers every request with the credential it received, in the
// body and the headers, as a misconfigured proxy or a careless forge might.
func echoToken(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cred := r.Header.Get("Authorization") + r.Header.Get("PRIVATE-TOKEN")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message": "token %s is not valid for %s", "errors": [{"field": "%s", "code": "invalid"}]}`, cred, r.URL.Path, cred)
	}
}

// The token appears in no error, hint or printed value, whatever the forge sends back.
func TestTokenNeverShown(t *testing.T) {
	for _, kind := range kinds {
		for _, status := range []int{401, 403, 404, 409, 422, 500} {
			srv := httptest.NewServer(echoToken(status))
			c, err := New(Config{Kind: kind, URL: srv.URL, Repo: "o/" + secret, Token: secret, MaxAttempts: 2,
				Sleep: func(context.Context, time.Duration) error { return nil }})
			if err != nil {
				t.Fatal(err)
			}
			var errs []error
			_, e := c.Find(context.Background(), "main", secret)
			errs = append(errs, e)
			_, e = c.Create(context.Background(), "main", "b", secret, secret)
			errs = append(errs, e)
			_, e = c.Update(context.Background(), &PR{Number: 1}, secret, "")
			errs = append(errs, e)
			errs = append(errs, c.Close(context.Background(), &PR{Number: 1}, secret))
			for _, e := range errs {
				if e == nil {
					t.Fatalf("%s %d: no error", kind, status)
				}
				var d *diag.Error
				text := e.Error() + diag.Hint(e) + fmt.Sprintf("%+v %#v", e, e)
				if errors.As(e, &d) {
					text += d.What + d.Why + d.Hint
				}
				if strings.Contains(text, secret) {
					t.Errorf("%s %d: token in %q", kind, status, text)
				}
			}
			if s := fmt.Sprintf("%v %+v %#v", c, c, c); strings.Contains(s, secret) {
				t.Errorf("%s: token in the printed client: %s", kind, s)
			}
			srv.Close()
		}
	}

	cfg := Config{Kind: "github", Repo: "o/n", Token: secret}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "cfg", cfg)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "cfg", cfg)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%s", cfg), logs.String()} {
		if strings.Contains(s, secret) || !strings.Contains(s, "o/n") {
			t.Errorf("printed config %q", s)
		}
	}
}

// Redirects to another host are refused before the token is sent there;
// the redirect's URL, which names the token here, is not shown either.
func TestRedirectToAnotherHostRefused(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.Write([]byte("[]"))
	}))
	defer other.Close()
	for _, kind := range kinds {
		for _, code := range []int{301, 302, 307, 308} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+r.URL.Path+"?access_token="+secret, code)
			}))
			c, err := New(Config{Kind: kind, URL: srv.URL, Repo: "o/n", Token: secret})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Find(context.Background(), "main", "b")
			if err == nil || !strings.Contains(err.Error(), "refusing to send the token") || strings.Contains(err.Error(), secret) {
				t.Errorf("%s %d: %v", kind, code, err)
			}
			if _, err := c.Create(context.Background(), "main", "b", "t", "b"); err == nil {
				t.Errorf("%s %d: Create followed the redirect", kind, code)
			}
			srv.Close()
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

// A redirect on the same host (GitHub's answer for a renamed repository)
// is followed with the token.
func TestRedirectOnSameHostFollowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v3/repos/o/old/pulls" {
			http.Redirect(w, r, "/api/v3/repositories/1296269/pulls?"+r.URL.RawQuery, http.StatusMovedPermanently)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+secret {
			w.WriteHeader(401)
			return
		}
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	c, _ := New(Config{Kind: "github", URL: srv.URL, Repo: "o/old", Token: secret})
	if pr, err := c.Find(context.Background(), "main", "b"); err != nil || pr != nil {
		t.Errorf("Find = %v, %v", pr, err)
	}
}

func TestForgeMessage(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"message":"Validation Failed","errors":[{"resource":"PullRequest","field":"head","code":"invalid"}]}`, "Validation Failed: head invalid"},
		{`{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"No commits between main and x"}]}`, "Validation Failed: No commits between main and x"},
		{`{"errors":null,"message":"The target couldn't be found.","url":"https://x/api/swagger"}`, "The target couldn't be found."},
		{`{"message":["Another open merge request already exists for this source branch: !17"]}`, "Another open merge request already exists for this source branch: !17"},
		{`{"message":{"source_branch":["does not exist"],"title":["can't be blank"]}}`, "source_branch does not exist; title can't be blank"},
		{`{"error":"insufficient_scope","error_description":"needs more","scope":"api"}`, "insufficient_scope: needs more"},
		{"<html>\n<head><title>502 Bad Gateway</title></head>", "<html>"},
		{"", ""},
	} {
		if got := forgeMessage([]byte(tc.body)); got != tc.want {
			t.Errorf("forgeMessage(%s) = %q, want %q", tc.body, got, tc.want)
		}
	}
}
