package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/unify"
	"github.com/flake-unify/flake-unify/verify"
)

// MeasureFlags are plan's --measure and its bounds. After Evaluate they
// hold the report, for the text and the JSON document.
type MeasureFlags struct {
	Measure        []string      `help:"Evaluate this attribute of the flake (nix eval .#ATTR) before and after the change, in scratch copies, and report memory, time and nixpkgs store paths before → after; repeatable. Needs Nix on PATH." placeholder:"ATTR"`
	MeasureRuns    int           `default:"3" help:"Measured evaluations per attribute and side; the medians are reported." placeholder:"N"`
	MeasureTimeout time.Duration `default:"30m" help:"Stop one evaluation after this long." placeholder:"DURATION"`
	MeasureNix     string        `default:"nix" help:"The Nix to evaluate with: a name looked up on PATH, or a path." placeholder:"NIX"`

	measured *verify.Measurement
}

// Evaluate evaluates the attributes before and after p, when asked.
func (m *MeasureFlags) Evaluate(e *Env, dir string, files unify.Files, opt unify.Options, p *unify.Plan) error {
	if len(m.Measure) == 0 {
		return nil
	}
	if m.MeasureRuns < 1 {
		return &diag.Error{What: "--measure-runs must be at least 1", Hint: "3 runs give a stable median"}
	}
	if p.Nothing() {
		// Both sides would be the same files: nothing to compare.
		fmt.Fprintln(e.Stderr, "flake-unify: --measure: the plan changes nothing, so nothing was measured")
		return nil
	}
	nix, err := exec.LookPath(m.MeasureNix)
	if err != nil {
		return &diag.Error{What: "--measure needs Nix", Why: "no " + m.MeasureNix + " to run", Err: err,
			Hint: "install Nix or put it on PATH (or name it with --measure-nix); plan without --measure needs no Nix"}
	}
	in := newInterruptible()
	defer in.stop()
	m.measured, err = verify.Measure(in.ctx, dir,
		verify.Side{Flake: files.Flake, Lock: files.Lock},
		verify.Side{Flake: p.NewFlake, Lock: p.NewLock},
		verify.MeasureConfig{Nix: nix, Attrs: m.Measure, Runs: m.MeasureRuns, Timeout: m.MeasureTimeout,
			Classifier: opt.Classifier, Progress: e.Stderr})
	if errors.Is(err, context.Canceled) {
		// As --verify: the copy is gone, and the exit code says which signal.
		fmt.Fprintln(e.Stderr, "flake-unify: measure: interrupted; the scratch copy is removed, nothing was changed")
		return in.exitCode()
	}
	return err
}

// withMeasure adds "measure" to a JSON document (an object), keeping the
// document's own fields and their order.
// Measurement is what Measure measured (nil before, or without --measure).
func (m *MeasureFlags) Measurement() *verify.Measurement { return m.measured }

func (m *MeasureFlags) withMeasure(doc any) (any, error) {
	if m.measured == nil {
		return doc, nil
	}
	d, err := marshal(doc)
	if err != nil {
		return nil, err
	}
	mj, err := marshal(m.measured.JSON())
	if err != nil {
		return nil, err
	}
	d = bytes.TrimSuffix(d, []byte("}"))
	if !bytes.HasSuffix(d, []byte("{")) {
		d = append(d, ',')
	}
	d = append(append(append(d, `"measure":`...), mj...), '}')
	return json.RawMessage(d), nil
}

// marshal is json.Marshal without HTML escaping, as the documents are
// written, and without the encoder's newline.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}
