package bot_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/bot"
	"github.com/flake-unify/flake-unify/diag"
)

// The I/O failure under a bot error stays reachable through the public
// API: a refusal is a *diag.Error, and errors.Is still finds its cause.
func TestErrorsKeepTheIOCause(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gone")
	_, err := bot.Fetch(context.Background(), &bot.Request{Dir: missing})
	var de *diag.Error
	var pe *fs.PathError
	if !errors.As(err, &de) || !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) {
		t.Errorf("Fetch in a missing directory: %v (%T); want a *diag.Error wrapping fs.ErrNotExist", err, err)
	}
}
