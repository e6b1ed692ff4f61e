package gitops

import (
	"errors"
	"fmt"
)

// undoStack collects the inverse of each step taken, to put the repository
// back when a later step fails.
type undoStack struct{ fns []func() error }

func (u *undoStack) push(f func() error) { u.fns = append(u.fns, f) }

// fail runs the undo steps in reverse and returns err, noting any step that
// could not be undone, so the user knows what to repair by hand.
func (u *undoStack) fail(err error) error {
	var errs []error
	for i := len(u.fns) - 1; i >= 0; i-- {
		if e := u.fns[i](); e != nil {
			errs = append(errs, e)
		}
	}
	u.fns = nil
	if len(errs) > 0 {
		return fmt.Errorf("%w (undoing the partial change also failed: %w)", err, errors.Join(errs...))
	}
	return err
}
