package forge

import (
	"errors"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

const redactedText = "[REDACTED]"

// redactErr returns err with every occurrence of token replaced. Errors
// are rebuilt rather than wrapped when they contain it, since a wrapped
// cause would still print the token to whoever unwraps it; a cause that
// does not show the token is kept. The forge clients' errors pass through
// here on their way out.
func redactErr(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	var d *diag.Error
	if errors.As(err, &d) && d.Error() == err.Error() {
		r := func(s string) string { return strings.ReplaceAll(s, token, redactedText) }
		return &diag.Error{File: r(d.File), Pos: d.Pos, What: r(d.What), Why: r(d.Why), Hint: r(d.Hint), Err: redactErr(d.Err, token)}
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, redactedText))
}
