package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/unify"
)

// Status is the result of one candidate.
type Status string

const (
	Pass        Status = "pass"        // the command exited 0
	Fail        Status = "fail"        // it exited non-zero
	Timeout     Status = "timeout"     // it ran longer than Config.Timeout
	Refused     Status = "refused"     // the planner refused the candidate
	Skipped     Status = "skipped"     // not run: an earlier candidate passed
	Interrupted Status = "interrupted" // the run was cancelled while it ran
)

// Config is what to run and its bounds.
type Config struct {
	Command string        // run with sh -c in the copy's flake directory
	Timeout time.Duration // per candidate
	Limit   int           // candidates tried at most (≤ 0: all)
	// All runs every candidate instead of stopping at the first pass.
	All bool
	// Progress, if set, gets one line as each candidate starts.
	Progress io.Writer
}

// Result is one row of the matrix.
type Result struct {
	Candidate
	Status   Status
	ExitCode int // Fail: the command's exit status (-1: killed by a signal)
	Duration time.Duration
	Why      string   // Refused: the planner's reason
	Output   []string // the command's last lines of output
	// Plan is the candidate's plan (nil when refused).
	Plan *unify.Plan
}

// Report is the matrix: the candidates tried, in order, and the choice.
type Report struct {
	Command string
	Timeout time.Duration
	Order   string // how the candidates are ordered, e.g. "newest first"
	Limit   int
	Results []Result
	Untried int // candidates beyond Limit
	chosen  int // index into Results, -1 for none
}

// Chosen is the first candidate that passed, or nil.
func (r *Report) Chosen() *Result {
	if r.chosen < 0 {
		return nil
	}
	return &r.Results[r.chosen]
}

// ErrInterrupted is returned (wrapped) with the partial report when ctx
// ends during a run.
var ErrInterrupted = errors.New("interrupted")

// CheckOptions refuses the target options --verify cannot work with: a
// fixed target (--to), one target per branch, or a selection without
// nixpkgs. Run checks them first; a caller with slow checks of its own
// (apply's git preflight) calls it before those.
func CheckOptions(opt unify.Options) error {
	if opt.To != "" {
		return &diag.Error{What: "--verify with --to " + opt.To, Why: "--to names the target, so there is nothing to choose",
			Hint: "drop --to to let --verify choose among the nixpkgs revisions of the lock, or drop --verify"}
	}
	if opt.PerBranch {
		return &diag.Error{What: "--verify with --per-branch", Why: "--per-branch keeps one target per branch, and a verdict would be about a combination of targets",
			Hint: "verify without --per-branch (one common target), or use --per-branch without --verify"}
	}
	if len(opt.Inputs) > 0 && !opt.All && !slices.Contains(opt.Inputs, "nixpkgs") {
		return &diag.Error{What: "--verify with --input " + strings.Join(opt.Inputs, " --input "), Why: "--verify chooses the nixpkgs revision, and these inputs leave nixpkgs as it is",
			Hint: "add --input nixpkgs (or use --all), or drop --verify"}
	}
	return nil
}

// Run plans files onto each candidate in turn, runs cfg.Command on a copy
// of the flake in dir holding the planned files, and reports. Input errors
// that concern every candidate (a stale lock, a bad flake.nix) are
// returned as errors before anything runs. When ctx ends, the running
// command's group is stopped, the copy removed, and the partial report is
// returned with an error wrapping ErrInterrupted.
func Run(ctx context.Context, dir string, files unify.Files, opt unify.Options, cfg Config) (*Report, error) {
	if err := CheckOptions(opt); err != nil {
		return nil, err
	}
	// The plan the user would get without --verify: its errors are
	// everyone's, not a candidate's.
	if _, err := unify.Make(files, opt); err != nil {
		return nil, err
	}
	cands, err := Candidates(files, opt)
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, &diag.Error{File: files.LockName, What: "nothing to verify", Why: "the lock holds no nixpkgs revision the planner could choose",
			Hint: "check with `flake-unify graph` which nixpkgs nodes there are; pinned ones count only with --merge pinned"}
	}
	rep := &Report{Command: cfg.Command, Timeout: cfg.Timeout, Order: Order(opt.Strategy), Limit: cfg.Limit, chosen: -1}
	if cfg.Limit > 0 && len(cands) > cfg.Limit {
		rep.Untried = len(cands) - cfg.Limit
		cands = cands[:cfg.Limit]
	}
	s, err := newScratch(ctx, dir)
	if err != nil {
		if ctx.Err() != nil {
			return rep, fmt.Errorf("verify: %w while copying the flake", ErrInterrupted)
		}
		return nil, err
	}
	defer s.remove()
	for i, c := range cands {
		res := Result{Candidate: c}
		if rep.chosen >= 0 && !cfg.All {
			res.Status = Skipped
			rep.Results = append(rep.Results, res)
			continue
		}
		o := opt
		o.To = c.Path.String()
		p, err := unify.Make(files, o)
		if err != nil {
			res.Status, res.Why = Refused, err.Error()
			if h := diag.Hint(err); h != "" {
				res.Why += " (hint: " + h + ")"
			}
			rep.Results = append(rep.Results, res)
			continue
		}
		res.Plan = p
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "verify %d/%d: %s: running %s\n", i+1, len(cands), c.String(), cfg.Command)
		}
		if err := s.prepare(ctx, p.NewFlake, p.NewLock); err != nil {
			if ctx.Err() != nil {
				res.Status = Interrupted
				rep.Results = append(rep.Results, res)
				return rep, fmt.Errorf("verify: %w", ErrInterrupted)
			}
			return nil, err
		}
		out, err := runCommand(ctx, s.dir, cfg.Command, cfg.Timeout,
			[]string{"FLAKE_UNIFY_VERIFY_INPUT=" + c.Path.String(), "FLAKE_UNIFY_VERIFY_REV=" + c.Rev})
		if err != nil {
			return nil, fmt.Errorf("verify: running %s: %w", cfg.Command, err)
		}
		res.Status, res.ExitCode, res.Duration, res.Output = out.status, out.exitCode, out.duration, out.output
		rep.Results = append(rep.Results, res)
		if res.Status == Interrupted {
			return rep, fmt.Errorf("verify: %w while running %s on %s", ErrInterrupted, cfg.Command, c.Path)
		}
		if res.Status == Pass && rep.chosen < 0 {
			rep.chosen = len(rep.Results) - 1
			// The plan says --to; the user said --verify.
			if t := p.Target(); t != nil {
				t.Why = fmt.Sprintf("the first candidate (%s) on which `%s` passed (--verify)", rep.Order, cfg.Command)
			}
		}
	}
	return rep, nil
}
