// Package cmdline parses a command line described by a Go struct whose fields
// carry kong's struct tags, and prints kong's help for it, at a fraction of
// kong's start-up cost.
//
// Why it exists: every run of flake-unify, --help included, paid for kong
// before doing any work. Linking kong brings go/doc, text/template, regexp
// and os/user (cgo, so a dynamically linked program), and kong.New builds
// a model of every command, re-parsing every tag into maps and
// interpolating every help text through regexps: measured on flake-unify's
// grammar, kong.New and Parse of a check command line
// allocate 1.0 MB in 11,900 objects; this package allocates 16 KB in 32.
// A program that links only this package and that grammar touches 330
// pages for --help and 260 for check, against 730 and 720 with kong and
// 175 for an empty Go program. It reads the tags in one pass per field
// with the rules of reflect.StructTag.Lookup, walks only the top level to
// know the commands, and reads the chosen command's struct only when it is
// chosen.
//
// Kong (v1.17.0, with the options Name, Description, Writers, Exit(no-op)
// and UsageOnError) is its specification: for the subset below, the chosen
// command, the values written into the struct, the error texts, and the help
// text at any width are byte for byte what kong gives. The test package
// kongoracle checks this against kong itself.
//
// The subset:
//
//   - The grammar is a pointer to a struct. Its fields tagged cmd:"" are the
//     commands (one level: no subcommands); its other fields are global
//     flags. A command's struct holds flags and positional arguments;
//     embedded structs (exported or not) flatten into the struct that
//     embeds them. Unexported fields that are not embedded are ignored.
//   - Tags: cmd, arg, optional, required, name, help, default, enum,
//     placeholder, short, type:"path" and predictor (completion only,
//     ignored here). Other kong tags (env, hidden, aliases, negatable,
//     group, sep, xor, prefix, …) are not supported; Check reports them.
//   - Field types: string, bool, int, *int, []string (split at commas, a
//     backslash escapes a comma, repeated flags append), time.Duration, and
//     any type whose pointer implements encoding.TextUnmarshaler. A bool
//     type that implements Action (see there) is a flag that acts when
//     given, as --version does.
//   - enum only on string and []string values.
//   - Help texts are plain paragraphs (no indented lines, headings, lists
//     or links in go/doc's sense), which is what kong's help printer
//     formats through go/doc; Check reports a text outside that subset.
//   - The root struct has no Run method of its own: no command given is an
//     error, as kong says it.
//
// Help does not end the program: as kong with an Exit function that
// returns, Parse prints the help for -h/--help and goes on (a later error,
// such as a missing required flag, is still returned; the caller decides
// that a help request ends in exit 0).
//
// One difference from kong is deliberate: kong resets every command's
// fields to their defaults on every parse; this package sets the defaults
// of the global flags and of the chosen command only. Nothing reads the
// struct of a command that was not chosen.
package cmdline
