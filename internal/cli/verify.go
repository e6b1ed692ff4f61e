package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/unify"
	"github.com/flake-unify/flake-unify/verify"
)

// VerifyFlags are --verify and its bounds, shared by plan and apply. After
// plan() they hold the report, for the JSON document.
type VerifyFlags struct {
	Verify        string        `help:"Choose the target by running CMD (sh -c, in a scratch copy of the flake unified onto each candidate nixpkgs revision of the lock): the first that passes wins. Not with --to or --per-branch." placeholder:"CMD"`
	VerifyTimeout time.Duration `default:"10m" help:"Stop CMD after this long on one candidate (its whole process group); the candidate fails as timeout." placeholder:"DURATION"`
	VerifyLimit   int           `default:"5" help:"Try at most this many candidates (0: all)." placeholder:"N"`
	VerifyAll     bool          `help:"Run CMD on every candidate (the whole matrix) instead of stopping at the first that passes."`

	report *verify.Report
	// sources are the store facts of the lock's nodes (plan --store), by
	// key of the canonical lock; nil leaves them out of the document.
	sources map[string]nixstore.Source
}

// plan is unify.Make's plan, or with --verify the plan of the first candidate that
// passes. The matrix is printed before the plan's summary (not with
// --json: doc puts it into the document). When none passes, it prints the
// matrix (or the document) and returns exit 1; on SIGINT/SIGTERM it stops
// the command, removes the copy and returns exit 130 or 143.
func (v *VerifyFlags) Plan(e *Env, dir string, opt unify.Options, files unify.Files, asJSON bool) (*unify.Plan, error) {
	if v.Verify == "" {
		// One plan, and the parsed lock is read no more: the planner may
		// work on it instead of a copy. (--verify plans many times from
		// the same lock, which must stay as read.)
		files.Spend()
		return unify.Make(files, opt)
	}
	if v.VerifyTimeout <= 0 {
		return nil, errors.New("--verify-timeout must be positive")
	}
	in := newInterruptible()
	defer in.stop()
	rep, err := verify.Run(in.ctx, dir, files, opt, verify.Config{Command: v.Verify, Timeout: v.VerifyTimeout,
		Limit: v.VerifyLimit, All: v.VerifyAll, Progress: e.Stderr})
	if errors.Is(err, verify.ErrInterrupted) {
		_ = rep.WriteMatrix(e.Stderr)
		fmt.Fprintf(e.Stderr, "flake-unify: %v; the scratch copy is removed, nothing was changed\n", err)
		return nil, in.exitCode()
	}
	if err != nil {
		return nil, err
	}
	v.report = rep
	if !asJSON {
		if err := rep.WriteMatrix(e.Stdout); err != nil {
			return nil, err
		}
	}
	chosen := rep.Chosen()
	if chosen == nil {
		if asJSON {
			if err := lockview.WriteJSON(e.Stdout, v.Doc(nil)); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(e.Stderr, "flake-unify: verify: %s passed on none of the %d candidates tried; nothing was changed\n", v.Verify, len(rep.Results))
		hint := "run the command in the flake to see why it fails"
		if rep.Untried > 0 {
			hint += fmt.Sprintf(", raise --verify-limit (%d more not tried)", rep.Untried)
		}
		for _, r := range rep.Results {
			if r.Status == verify.Timeout {
				hint += ", or raise --verify-timeout"
				break
			}
		}
		fmt.Fprintln(e.Stderr, "hint:", hint)
		return nil, exitError{1}
	}
	return chosen.Plan, nil
}

// verifiedPlanJSON is the plan's JSON document with the matrix beside it.
type verifiedPlanJSON struct {
	*planview.PlanJSON
	Verify *verify.JSON `json:"verify,omitempty"`
}

// doc is the JSON document of plan and apply: the plan's, plus "verify"
// when --verify ran; p is nil when no candidate passed.
func (v *VerifyFlags) Doc(p *unify.Plan) any {
	var d verifiedPlanJSON
	if p != nil {
		pj := planview.JSON(p)
		if v.sources != nil {
			pj.MarkStore(v.sources)
		}
		if v.report == nil {
			return pj
		}
		d.PlanJSON = &pj
	}
	if v.report != nil {
		j := v.report.JSON()
		d.Verify = &j
	}
	return d
}
