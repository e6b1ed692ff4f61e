package verify

import (
	"bytes"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/flake-unify/flake-unify/lockview"
)

// shownLines is how many last lines of output the text matrix shows under
// a failed candidate (the JSON document has all that was kept).
const shownLines = 5

// ResultText is a row's result column: "pass", "fail (exit 1)",
// "timeout (after 5m0s)", "refused: …".
func (r *Result) ResultText(timeout time.Duration) string {
	switch r.Status {
	case Fail:
		if r.ExitCode < 0 {
			return "fail (killed by a signal)"
		}
		return fmt.Sprintf("fail (exit %d)", r.ExitCode)
	case Timeout:
		return fmt.Sprintf("timeout (after %s)", timeout)
	}
	return string(r.Status)
}

// duration is a run time for people: tenths of a second, "-" when the
// command did not run.
func duration(r *Result) string {
	switch r.Status {
	case Refused, Skipped:
		return "-"
	}
	return r.Duration.Round(100 * time.Millisecond).String()
}

// WriteMatrix writes the candidate × result matrix: one row per
// candidate, the last lines of output under a failure, the reason under a
// refusal, the chosen one marked.
func (r *Report) WriteMatrix(w io.Writer) error {
	word := "candidates"
	if len(r.Results) == 1 {
		word = "candidate"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "verify `%s` on %d %s (%s, timeout %s each):\n", r.Command, len(r.Results), word, r.Order, r.Timeout)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  candidate\tbranch\trev\tdate\tresult\ttime\t")
	type note struct {
		row   int
		lines []string
	}
	var notes []note
	for i := range r.Results {
		res := &r.Results[i]
		mark := ""
		if i == r.chosen {
			mark = "← chosen"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", res.Path, dash(res.Branch), dash(lockview.ShortRev(res.Rev)),
			dash(lockview.Date(res.LastModified)), res.ResultText(r.Timeout), duration(res), mark)
		switch res.Status {
		case Refused:
			notes = append(notes, note{i, []string{res.Why}})
		case Fail, Timeout, Interrupted:
			ls := res.Output
			if len(ls) > shownLines {
				ls = ls[len(ls)-shownLines:]
			}
			notes = append(notes, note{i, ls})
		}
	}
	// Notes are printed after the table so that long lines of output do
	// not widen its columns.
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range notes {
		if len(n.lines) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s:\n", r.Results[n.row].Path)
		for _, l := range n.lines {
			fmt.Fprintf(&b, "    │ %s\n", l)
		}
	}
	if r.Untried > 0 {
		fmt.Fprintf(&b, "  %s\n", limitWhy(r.Untried, r.Limit))
	}
	b.WriteString("\n")
	_, err := w.Write(trimLines(b.Bytes()))
	return err
}

// trimLines drops the spaces tabwriter pads the last column with.
func trimLines(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	out := make([]byte, 0, len(b))
	for _, l := range lines {
		nl := bytes.HasSuffix(l, []byte("\n"))
		out = append(out, bytes.TrimRight(l, " \n")...)
		if nl {
			out = append(out, '\n')
		}
	}
	return out
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// JSON is the matrix in the JSON document of plan and apply (field
// "verify").
type JSON struct {
	Command        string          `json:"command"`
	TimeoutSeconds float64         `json:"timeoutSeconds"`
	Order          string          `json:"order"`
	Limit          int             `json:"limit"`
	Candidates     []CandidateJSON `json:"candidates"`
	Untried        int             `json:"untried"`
	// Chosen is the input path of the chosen candidate; null when none
	// passed.
	Chosen *string `json:"chosen"`
}

// CandidateJSON is one row.
type CandidateJSON struct {
	Input        string   `json:"input"`
	Node         string   `json:"node"`
	Branch       string   `json:"branch,omitempty"`
	Rev          string   `json:"rev,omitempty"`
	LastModified uint64   `json:"lastModified,omitempty"`
	Result       Status   `json:"result"`
	ExitCode     *int     `json:"exitCode,omitempty"`
	Seconds      float64  `json:"seconds"`
	Why          string   `json:"why,omitempty"`
	Output       []string `json:"output"`
}

// JSON returns the report as JSON.
func (r *Report) JSON() JSON {
	j := JSON{Command: r.Command, TimeoutSeconds: r.Timeout.Seconds(), Order: r.Order, Limit: r.Limit,
		Candidates: []CandidateJSON{}, Untried: r.Untried}
	for i := range r.Results {
		res := &r.Results[i]
		c := CandidateJSON{Input: res.Path.String(), Node: res.Key, Branch: res.Branch, Rev: res.Rev, LastModified: res.LastModified,
			Result: res.Status, Seconds: res.Duration.Round(time.Millisecond).Seconds(), Why: res.Why, Output: res.Output}
		if res.Status == Fail {
			code := res.ExitCode
			c.ExitCode = &code
		}
		if c.Output == nil {
			c.Output = []string{}
		}
		j.Candidates = append(j.Candidates, c)
	}
	if ch := r.Chosen(); ch != nil {
		s := ch.Path.String()
		j.Chosen = &s
	}
	return j
}
