package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// helpCmd is `flake-unify help [TOPIC|COMMAND]`: the topics that a flag's
// one-line help cannot hold, or a command's --help.
type helpCmd struct {
	Topic string `arg:"" optional:"" predictor:"help" help:"A topic (policy, completion, bot) or a command."`
}

func (c *helpCmd) Run(e *Env) error {
	if c.Topic == "" {
		return writeTopicList(e.Stdout)
	}
	if t, ok := findTopic(c.Topic); ok {
		return writeTopic(e.Stdout, t)
	}
	cmds, err := e.parser.Commands()
	if err != nil {
		return err
	}
	for _, n := range cmds {
		if n.Name == c.Topic {
			if code := Main([]string{n.Name, "--help"}, e.Stdout, e.Stderr, e.full); code != 0 {
				return exitError{code}
			}
			return nil
		}
	}
	return &diag.Error{What: "help " + c.Topic, Why: "no such topic or command",
		Hint: "topics: " + strings.Join(TopicNames(), ", ") + "; commands: flake-unify --help"}
}

func TopicNames() []string {
	var names []string
	for _, t := range Topics {
		names = append(names, t.Name)
	}
	return names
}

func writeTopicList(w io.Writer) error {
	fmt.Fprintln(w, "Topics (flake-unify help TOPIC):")
	for _, t := range Topics {
		fmt.Fprintf(w, "  %-12s %s\n", t.Name, t.Summary)
	}
	_, err := fmt.Fprintln(w, "\nCommands: flake-unify --help; one command: flake-unify help COMMAND. The manual: man flake-unify (or flake-unify man).")
	return err
}

// writeTopic prints a topic for a terminal: paragraphs wrapped at 80
// columns, examples as they are.
func writeTopic(w io.Writer, t Topic) error {
	var b strings.Builder
	for i, block := range TopicBlocks(t.Text) {
		if i > 0 {
			b.WriteByte('\n')
		}
		if block.Example {
			for _, l := range block.Lines {
				b.WriteString(l + "\n")
			}
			continue
		}
		b.WriteString(wrap(strings.Join(block.Lines, " "), 80))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// A Block is a paragraph or a run of example lines (indented by two
// spaces in the topic's text).
type Block struct {
	Example bool
	Lines   []string
}

func TopicBlocks(text string) []Block {
	var out []Block
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			out = append(out, Block{})
			continue
		}
		ex := strings.HasPrefix(l, "  ")
		if n := len(out); n == 0 || (len(out[n-1].Lines) > 0 && out[n-1].Example != ex) {
			out = append(out, Block{})
		}
		last := &out[len(out)-1]
		last.Example = ex
		last.Lines = append(last.Lines, l)
	}
	kept := out[:0]
	for _, b := range out {
		if len(b.Lines) > 0 {
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
