package cmdline

import (
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteHelp writes the help of the named command ("" for the top level)
// as kong's default help printer does at the given width (see GuessWidth).
func (p *Parser) WriteHelp(w io.Writer, name string, width int) error {
	var c *command
	if name != "" {
		if c = p.find(name); c == nil {
			return errors.New("cmdline: no command " + name)
		}
	}
	return p.writeHelp(w, c, width)
}

func (p *Parser) writeHelp(w io.Writer, c *command, width int) error {
	h := &helpWriter{width: width}
	if c == nil {
		if err := p.appHelp(h); err != nil {
			return err
		}
	} else {
		if err := c.build(); err != nil {
			return err
		}
		p.commandHelp(h, c)
	}
	_, err := w.Write(h.out)
	return err
}

func (p *Parser) appHelp(h *helpWriter) error {
	h.print("Usage: " + p.name + p.appSummary())
	if p.desc != "" {
		h.print("")
		h.wrap(interp(p.desc))
	}
	p.flagsHelp(h, nil)
	if len(p.commands) == 0 {
		return nil
	}
	h.print("")
	h.wrap("Commands:")
	in := h.indent()
	for i, c := range p.commands {
		summary, err := p.commandSummary(c)
		if err != nil {
			return err
		}
		in.print(summary)
		if c.help != "" {
			in.indent().wrap(c.help)
		}
		if i != len(p.commands)-1 {
			in.print("")
		}
	}
	h.print("")
	h.print(`Run "` + p.name + ` <command> --help" for more information on a command.`)
	return nil
}

func (p *Parser) commandHelp(h *helpWriter, c *command) {
	summary, _ := p.commandSummary(c) // c is read: no error
	h.print("Usage: " + p.name + " " + summary)
	if c.help != "" {
		h.print("")
		h.wrap(c.help)
	}
	if len(c.args) > 0 {
		h.print("")
		h.print("Arguments:")
		rows := make([][2]string, len(c.args))
		for i, a := range c.args {
			rows[i] = [2]string{a.summary(), a.help}
		}
		h.indent().columns(rows)
	}
	p.flagsHelp(h, c)
}

// flagsHelp writes the "Flags:" table: the global flags, then, after an
// empty row, the command's.
func (p *Parser) flagsHelp(h *helpWriter, c *command) {
	groups := [][]*value{p.global}
	if c != nil && len(c.flags) > 0 {
		groups = append(groups, c.flags)
	}
	short := false
	for _, g := range groups {
		for _, f := range g {
			if f.short != 0 {
				short = true
			}
		}
	}
	var rows [][2]string
	for i, g := range groups {
		if i > 0 {
			rows = append(rows, [2]string{})
		}
		for _, f := range g {
			rows = append(rows, [2]string{flagColumn(f, short), f.help})
		}
	}
	h.print("")
	h.wrap("Flags:")
	h.indent().columns(rows)
}

// flagColumn is the left column of a flag's row: "-C, --dir=DIR", with
// four spaces in place of a short name when any flag has one.
func flagColumn(f *value, short bool) string {
	s := ""
	switch {
	case f.short != 0:
		s = "-" + string(f.short) + ", "
	case short:
		s = "    "
	}
	s += "--" + f.name
	if f.kind != kBool {
		s += "=" + f.placeholderText()
	}
	return s
}

// helpWriter collects the lines of a help text; an indented writer shares
// the output and is two columns narrower.
type helpWriter struct {
	prefix string
	width  int
	out    []byte
	parent *helpWriter
}

func (h *helpWriter) root() *helpWriter {
	for h.parent != nil {
		h = h.parent
	}
	return h
}

func (h *helpWriter) indent() *helpWriter {
	return &helpWriter{prefix: h.prefix + "  ", width: h.width - 2, parent: h.root()}
}

// print adds a line, without trailing spaces.
func (h *helpWriter) print(s string) {
	r := h.root()
	line := strings.TrimRight(h.prefix+s, " ")
	r.out = append(r.out, line...)
	r.out = append(r.out, '\n')
}

// wrap adds text as paragraphs filled to the writer's width.
func (h *helpWriter) wrap(text string) {
	out := strings.TrimSpace(string(docText(strings.TrimSpace(text), h.width)))
	for _, line := range strings.Split(out, "\n") {
		h.print(line)
	}
}

// columns adds rows of two columns: the left one as wide as its widest
// entry (up to 37.5 % of the width, at least 30), the right one filled to
// what remains; a left entry too wide for that stands on a line of its
// own.
func (h *helpWriter) columns(rows [][2]string) {
	maxLeft := 375 * h.width / 1000
	if maxLeft < 30 {
		maxLeft = 30
	}
	left := 0
	for _, r := range rows {
		if n := len(r[0]); n > left && n < maxLeft {
			left = n
		}
	}
	pad := strings.Repeat(" ", left+4)
	for _, r := range rows {
		text := strings.TrimRight(string(docText(r[1], h.width-left-4)), "\n")
		lines := strings.Split(text, "\n")
		line := r[0]
		if n := utf8.RuneCountInString(line); n < left {
			line += strings.Repeat(" ", left-n)
		}
		if len(r[0]) < maxLeft {
			line += "    " + lines[0]
			lines = lines[1:]
		}
		h.print(line)
		for _, l := range lines {
			h.print(pad + l)
		}
	}
}
