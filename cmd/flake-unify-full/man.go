package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/internal/cli"
)

// man prints the manual page, rendered from kong's model of the same
// command surface that --help shows, plus the help topics as sections.
func man(e *cli.Env) error {
	k, err := kongModel(e.Stdout, e.Stderr)
	if err != nil {
		return err
	}
	return writeMan(e.Stdout, k.Model)
}

// writeMan writes app's manual page in roff (the man macros). It carries no
// date, so the same binary always writes the same page.
func writeMan(w io.Writer, app *kong.Application) error {
	var b strings.Builder
	name := app.Name
	help, rest, _ := strings.Cut(app.Help, "\n")
	fmt.Fprintf(&b, ".TH %s 1 \"\" %s \"User Commands\"\n", strings.ToUpper(name), roffQuote(name+" "+cli.CurrentVersion().Version))
	b.WriteString(".nh\n.ad l\n") // flags and paths are neither hyphenated nor stretched
	b.WriteString(".SH NAME\n" + roff(name) + " \\- " + roff(strings.TrimSuffix(help, ".")) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B " + roff(name) + "\n.I command\n[\\fIflags\\fR]\n")
	b.WriteString(".br\n.B " + roff(name) + "\n.B \\-\\-version\n")
	b.WriteString(".SH DESCRIPTION\n")
	for _, p := range strings.Split(strings.TrimSpace(rest), "\n\n") {
		b.WriteString(".PP\n" + roff(strings.Join(strings.Fields(p), " ")) + "\n")
	}
	b.WriteString(".SH FLAGS\n")
	for _, f := range app.Flags {
		if !f.Hidden {
			writeManFlag(&b, f)
		}
	}
	b.WriteString(".SH COMMANDS\n")
	for _, n := range app.Children {
		if n.Hidden {
			continue
		}
		b.WriteString(".SS " + roffQuote(name+" "+n.Summary()) + "\n")
		b.WriteString(roff(n.Help) + "\n")
		if n.Detail != "" {
			b.WriteString(".PP\n" + roff(n.Detail) + "\n")
		}
		for _, p := range n.Positional {
			b.WriteString(".TP\n\\fI" + roff(p.Name) + "\\fR\n" + roff(p.Help) + "\n")
		}
		for _, f := range n.Flags {
			if !f.Hidden {
				writeManFlag(&b, f)
			}
		}
	}
	for _, t := range cli.Topics {
		b.WriteString(".SH " + strings.ToUpper(t.Name) + "\n")
		for _, blk := range cli.TopicBlocks(t.Text) {
			if blk.Example {
				b.WriteString(".PP\n.RS 4\n.nf\n")
				for _, l := range blk.Lines {
					b.WriteString(roff(strings.TrimPrefix(l, "  ")) + "\n")
				}
				b.WriteString(".fi\n.RE\n")
				continue
			}
			b.WriteString(".PP\n" + roff(strings.Join(blk.Lines, " ")) + "\n")
		}
	}
	b.WriteString(manTail)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeManFlag(b *strings.Builder, f *kong.Flag) {
	head := "\\fB\\-\\-" + roff(f.Name) + "\\fR"
	if f.Short != 0 {
		head = "\\fB\\-" + roff(string(f.Short)) + "\\fR, " + head
	}
	if !f.IsBool() && !f.IsCounter() {
		head += "=\\fI" + roff(placeholder(f)) + "\\fR"
	}
	text := f.Help
	if f.HasDefault && f.Default != "" && !f.IsBool() {
		text += " (default: " + f.Default + ")"
	}
	if f.Required {
		text += " Required."
	}
	b.WriteString(".TP\n" + head + "\n" + roff(text) + "\n")
}

// placeholder names a flag's value: its own placeholder, else its enum
// values, else its name in capitals (kong would show the default there,
// which the text gives already).
func placeholder(f *kong.Flag) string {
	switch {
	case f.PlaceHolder != "":
		return f.FormatPlaceHolder()
	case f.Enum != "":
		return strings.ReplaceAll(f.Enum, ",", "|")
	}
	return strings.ToUpper(f.Name)
}

const manTail = `.SH ENVIRONMENT
.TP
.B FORCE_COLOR\fR, \fBNO_COLOR\fR, \fBTERM
How \-\-color auto decides: FORCE_COLOR (1 or 0) first, then NO_COLOR or TERM=dumb, then whether standard output is a terminal.
.TP
.B GITHUB_TOKEN\fR, \fBGITEA_TOKEN\fR, \fBGITLAB_TOKEN
The forge token of flake\-unify pr (another variable with \-\-token\-env).
.TP
.B COMP_LINE\fR, \fBCOMP_POINT
Set by the shell to ask for completions (see COMPLETION).
.SH FILES
.TP
.I flake.lock\fR, \fIflake.nix
Read from the \-C directory; apply rewrites both, and changes no byte outside what it unifies.
.TP
.I flake\-unify.toml
The policy file beside flake.nix (see POLICY).
.SH EXIT STATUS
0 done; 1 a negative answer (check, or \-\-verify when no candidate passed); 2 bad usage or input, reported as FILE:LINE:COL: what, followed by a hint: line, with nothing written; 130 or 143 interrupted by Ctrl\-C or SIGTERM.
.SH SEE ALSO
.BR nix3\-flake (1),
.BR nix3\-flake\-lock (1)
`

// roff escapes text for a roff line: backslashes, hyphens (so that flags
// copy as ASCII minus signs), and a leading dot or quote, which would
// start a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffQuote is a macro argument in double quotes (a quote inside doubled).
func roffQuote(s string) string {
	return `"` + strings.ReplaceAll(roff(s), `"`, `""`) + `"`
}
