package e2e

import (
	"fmt"
	"strings"
)

// style is how the root flake.nix is written. Every style declares the same
// inputs and follows; they differ in layout, comments, quoting, indentation
// and line endings — what flake-unify must keep byte for byte.
type style int

const (
	styleFlat    style = iota // inputs.a.url = …; one binding per line
	styleNested               // inputs = { a = { url = …; inputs.nixpkgs.follows = …; }; }; odd indentation, comments
	styleBlocks               // inputs = { a = { inputs = { nixpkgs = { follows = …; }; }; }; }; block comments
	styleRec                  // rec { … } with quoted attribute names and comments between bindings
	styleCRLF                 // flat, tab-indented, CRLF line endings
	styleAttrs                // inputs as attribute-set flakerefs { type = "git"; url = …; ref = …; }
	styleCompact              // everything on few lines, no final newline
	numStyles
)

func (s style) String() string {
	return [...]string{"flat", "nested", "blocks", "rec-quoted", "crlf", "attrs", "compact"}[s]
}

// attrsRef writes a stand-in or dependency reference as an attribute-set
// flakeref, the form Nix copies into original verbatim.
func (w *world) attrsRef(in input) string {
	if in.Dep != "" {
		return fmt.Sprintf(`type = "git"; url = "file://%s";`, w.u.Dir(depDir(in.Dep)))
	}
	r := in.NP
	var b strings.Builder
	if r.Indirect {
		b.WriteString(`type = "indirect"; id = "nixpkgs";`)
	} else {
		fmt.Fprintf(&b, `type = "git"; url = "file://%s";`, w.repos[r.Repo].Dir)
	}
	br := r.Branch
	if br == "" {
		br = "master"
	}
	if r.Branch != "" || r.Pin {
		fmt.Fprintf(&b, " ref = %q;", br)
	}
	if r.Pin {
		fmt.Fprintf(&b, " rev = %q;", w.u.Git(w.repos[r.Repo].Dir, "rev-parse", br))
	}
	if r.NoFlake {
		b.WriteString(" flake = false;")
	}
	return b.String()
}

// rootFlakeText writes the root flake.nix (with {{name}} placeholders).
func (w *world) rootFlakeText() string {
	r := w.spec.Root
	// overrides grouped under the root input they start with
	ov := map[string][]override{}
	for _, o := range r.Overrides {
		p := splitPath(o.Path)
		ov[p[0]] = append(ov[p[0]], override{strings.Join(p[1:], "/"), o.Target})
	}
	src := func(in input) (url string, noFlake bool) {
		if in.Dep != "" {
			return "{{" + depDir(in.Dep) + "}}", false
		}
		return w.url(in.NP), in.NP.NoFlake
	}
	var declared []input
	for _, in := range r.Inputs {
		if !in.Implicit {
			declared = append(declared, in)
		}
	}
	r.Inputs = declared
	var b strings.Builder
	switch w.spec.Style {
	case styleFlat, styleCRLF:
		ind := "  "
		if w.spec.Style == styleCRLF {
			ind = "\t"
		}
		b.WriteString("{\n" + ind + "description = \"root\";\n\n")
		for _, in := range r.Inputs {
			if in.Follows != "" {
				fmt.Fprintf(&b, "%sinputs.%s.follows = %q;\n", ind, in.Name, in.Follows)
				continue
			}
			url, noFlake := src(in)
			if noFlake {
				fmt.Fprintf(&b, "%sinputs.%s = { url = %q; flake = false; };\n", ind, in.Name, url)
			} else {
				fmt.Fprintf(&b, "%sinputs.%s.url = %q;\n", ind, in.Name, url)
			}
			for _, o := range ov[in.Name] {
				fmt.Fprintf(&b, "%s%s = %q;\n", ind, declPath(in.Name+"/"+o.Path), o.Target)
			}
		}
		b.WriteString("\n" + w.rootOutputs(ind) + "\n}\n")
		if w.spec.Style == styleCRLF {
			return strings.ReplaceAll(b.String(), "\n", "\r\n")
		}
	case styleNested:
		b.WriteString("# The root flake of this universe.\n{\n   description = \"root (nested)\"; # trailing comment\n   inputs = {\n")
		for i, in := range r.Inputs {
			ind := "      "
			if i%2 == 1 {
				ind = "\t  "
			}
			fmt.Fprintf(&b, "%s# input %s\n", ind, in.Name)
			if in.Follows != "" {
				fmt.Fprintf(&b, "%s%s.follows = %q;\n", ind, in.Name, in.Follows)
				continue
			}
			url, noFlake := src(in)
			if len(ov[in.Name]) == 0 && !noFlake {
				fmt.Fprintf(&b, "%s%s.url = %q;\n", ind, in.Name, url)
				continue
			}
			fmt.Fprintf(&b, "%s%s = {\n%s  url   =   %q;   # odd spacing\n", ind, in.Name, ind, url)
			if noFlake {
				fmt.Fprintf(&b, "%s  flake = false;\n", ind)
			}
			for _, o := range ov[in.Name] {
				fmt.Fprintf(&b, "%s  %s = %q;\n", ind, declPath(o.Path), o.Target)
			}
			fmt.Fprintf(&b, "%s};\n", ind)
		}
		b.WriteString("   };\n\n" + w.rootOutputs("   ") + "\n}\n")
	case styleBlocks:
		b.WriteString("{\n  description = \"root (blocks)\";\n\n  /* block comment\n     spanning lines */\n  inputs = {\n")
		for _, in := range r.Inputs {
			if in.Follows != "" {
				fmt.Fprintf(&b, "    %s = { follows = %q; };\n", in.Name, in.Follows)
				continue
			}
			url, noFlake := src(in)
			fmt.Fprintf(&b, "    %s = {\n      url = %q;\n", in.Name, url)
			if noFlake {
				b.WriteString("      flake = false; /* a source tree */\n")
			}
			if len(ov[in.Name]) > 0 {
				b.WriteString("      inputs = {\n")
				for _, o := range ov[in.Name] {
					b.WriteString("        " + nestedFollows(splitPath(o.Path), o.Target) + "\n")
				}
				b.WriteString("      };\n")
			}
			b.WriteString("    };\n")
		}
		b.WriteString("  };\n\n" + w.rootOutputs("  ") + "\n}\n")
	case styleAttrs:
		b.WriteString("{\n  description = \"root (attribute-set flakerefs)\";\n  inputs = {\n")
		for _, in := range r.Inputs {
			if in.Follows != "" {
				fmt.Fprintf(&b, "    %s.follows = %q;\n", in.Name, in.Follows)
				continue
			}
			fmt.Fprintf(&b, "    %s = { %s", in.Name, w.attrsRef(in))
			for _, o := range ov[in.Name] {
				fmt.Fprintf(&b, " %s = %q;", declPath(o.Path), o.Target)
			}
			b.WriteString(" };\n")
		}
		b.WriteString("  };\n" + w.rootOutputs("  ") + "\n}\n")
	case styleCompact:
		b.WriteString("{ inputs = {")
		for _, in := range r.Inputs {
			if in.Follows != "" {
				fmt.Fprintf(&b, " %s.follows = %q;", in.Name, in.Follows)
				continue
			}
			url, noFlake := src(in)
			fmt.Fprintf(&b, " %s.url = %q;", in.Name, url)
			if noFlake {
				fmt.Fprintf(&b, " %s.flake = false;", in.Name)
			}
			for _, o := range ov[in.Name] {
				fmt.Fprintf(&b, " %s = %q;", strings.TrimPrefix(declPath(in.Name+"/"+o.Path), "inputs."), o.Target)
			}
		}
		b.WriteString(" };\n" + w.rootOutputs("") + " }")
	case styleRec:
		b.WriteString("rec {\n  description = \"root (rec, quoted)\";\n")
		for _, in := range r.Inputs {
			fmt.Fprintf(&b, "  /* %s */\n", in.Name)
			if in.Follows != "" {
				fmt.Fprintf(&b, "  inputs.%q.follows = %q;\n", in.Name, in.Follows)
				continue
			}
			url, noFlake := src(in)
			if noFlake {
				fmt.Fprintf(&b, "  inputs.%q = { url = %q; flake = false; };\n", in.Name, url)
			} else {
				fmt.Fprintf(&b, "  inputs.%q.url = %q;\n", in.Name, url)
			}
			for _, o := range ov[in.Name] {
				q := []string{fmt.Sprintf("%q", in.Name)}
				for _, p := range splitPath(o.Path) {
					q = append(q, fmt.Sprintf("%q", p))
				}
				fmt.Fprintf(&b, "  inputs.%s.follows = %q; # already unified by hand\n", strings.Join(q, ".inputs."), o.Target)
			}
		}
		b.WriteString("\n" + w.rootOutputs("  ") + "\n}\n")
	}
	return b.String()
}

// nestedFollows writes a follows for path p (relative to an input) as nested
// attribute sets: nixpkgs = { follows = "x"; };
func nestedFollows(p []string, target string) string {
	if len(p) == 1 {
		return fmt.Sprintf("%s = { follows = %q; };", p[0], target)
	}
	return fmt.Sprintf("%s = { inputs = { %s }; };", p[0], nestedFollows(p[1:], target))
}
