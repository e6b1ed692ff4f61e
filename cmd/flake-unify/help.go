package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/diag"
)

// helpCmd is `flake-unify help [TOPIC|COMMAND]`: the topics that a flag's
// one-line help cannot hold, or a command's --help.
type helpCmd struct {
	Topic string `arg:"" optional:"" predictor:"help" help:"A topic (policy, completion, bot) or a command."`
}

func (c *helpCmd) Run(e *env, kctx *kong.Context) error {
	if c.Topic == "" {
		return writeTopicList(e.stdout)
	}
	if t, ok := findTopic(c.Topic); ok {
		return writeTopic(e.stdout, t)
	}
	for _, n := range kctx.Model.Children {
		if n.Name == c.Topic && !n.Hidden {
			if code := run([]string{n.Name, "--help"}, e.stdout, e.stderr); code != 0 {
				return exitError{code}
			}
			return nil
		}
	}
	return &diag.Error{What: "help " + c.Topic, Why: "no such topic or command",
		Hint: "topics: " + strings.Join(topicNames(), ", ") + "; commands: flake-unify --help"}
}

func topicNames() []string {
	var names []string
	for _, t := range topics {
		names = append(names, t.Name)
	}
	return names
}

func writeTopicList(w io.Writer) error {
	fmt.Fprintln(w, "Topics (flake-unify help TOPIC):")
	for _, t := range topics {
		fmt.Fprintf(w, "  %-12s %s\n", t.Name, t.Summary)
	}
	_, err := fmt.Fprintln(w, "\nCommands: flake-unify --help; one command: flake-unify help COMMAND. The manual: man flake-unify (or flake-unify man).")
	return err
}

// writeTopic prints a topic for a terminal: paragraphs wrapped at 80
// columns, examples as they are.
func writeTopic(w io.Writer, t topic) error {
	var b strings.Builder
	for i, block := range topicBlocks(t.Text) {
		if i > 0 {
			b.WriteByte('\n')
		}
		if block.example {
			for _, l := range block.lines {
				b.WriteString(l + "\n")
			}
			continue
		}
		b.WriteString(wrap(strings.Join(block.lines, " "), 80))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// A block is a paragraph or a run of example lines (indented by two
// spaces in the topic's text).
type block struct {
	example bool
	lines   []string
}

func topicBlocks(text string) []block {
	var out []block
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			out = append(out, block{})
			continue
		}
		ex := strings.HasPrefix(l, "  ")
		if n := len(out); n == 0 || (len(out[n-1].lines) > 0 && out[n-1].example != ex) {
			out = append(out, block{})
		}
		last := &out[len(out)-1]
		last.example = ex
		last.lines = append(last.lines, l)
	}
	kept := out[:0]
	for _, b := range out {
		if len(b.lines) > 0 {
			kept = append(kept, b)
		}
	}
	return kept
}

// wrap breaks s at spaces into lines of at most width columns (a longer
// word gets a line of its own).
func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(s) {
		n := len([]rune(word))
		if col > 0 && col+1+n > width {
			b.WriteByte('\n')
			col = 0
		}
		if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	b.WriteByte('\n')
	return b.String()
}
