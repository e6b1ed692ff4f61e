package forge_test

import (
	"context"
	"errors"
	"net"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/forge"
)

// A connection the forge refused stays reachable under the client's error:
// errors.Is finds ECONNREFUSED, errors.As the *url.Error.
func TestErrorsKeepTheIOCause(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	for _, kind := range []string{"github", "gitea", "gitlab"} {
		f, err := forge.New(forge.Config{Kind: kind, URL: "http://" + addr, Repo: "owner/name", Token: "t0ken-for-the-test",
			MaxAttempts: 2, Sleep: func(context.Context, time.Duration) error { return nil }})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.Find(context.Background(), "main", "flake-unify/nixpkgs")
		var ue *url.Error
		if !errors.Is(err, syscall.ECONNREFUSED) || !errors.As(err, &ue) {
			t.Errorf("%s: Find on a closed port: %v (%T); want ECONNREFUSED behind a *url.Error", kind, err, err)
		}
	}
}
