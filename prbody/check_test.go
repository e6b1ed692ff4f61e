package prbody

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// checkBody verifies what every body must be, whatever the plan and the
// limit: at most limit runes, valid UTF-8, the marker, every code fence
// closed, every <details> closed outside fences and never inside a fence's
// reach, and every Mermaid block plausible (see checkMermaid).
func checkBody(body string, limit int) error {
	if n := utf8.RuneCountInString(body); n > limit {
		return fmt.Errorf("%d runes, limit %d", n, limit)
	}
	if !utf8.ValidString(body) {
		return fmt.Errorf("not valid UTF-8")
	}
	if !IsBot(body) {
		return fmt.Errorf("no marker")
	}
	if !strings.HasSuffix(body, Marker+"\n") {
		return fmt.Errorf("the marker is not the last line")
	}
	fence, info, depth, cols := "", "", 0, 0
	var block []string
	for i, l := range strings.Split(body, "\n") {
		l = strings.TrimSuffix(l, "\r")
		if fence != "" {
			// CommonMark: a closing fence is a run of backticks at least
			// as long as the opening one, nothing after it but spaces.
			if t := strings.TrimRight(l, " "); strings.Trim(t, "`") == "" && len(t) >= len(fence) {
				if info == "mermaid" {
					if err := checkMermaid(block); err != nil {
						return fmt.Errorf("line %d: mermaid: %v", i+1, err)
					}
				}
				fence, block = "", nil
				continue
			}
			block = append(block, l)
			continue
		}
		if m := fenceOpenRE.FindStringSubmatch(l); m != nil {
			fence, info = m[1], m[2]
			continue
		}
		// Every row of a table has as many cells as its header: an
		// unescaped | in a name would add one.
		if strings.HasPrefix(l, "|") {
			n := pipes(l)
			if cols == 0 {
				cols = n
			} else if n != cols {
				return fmt.Errorf("line %d: %d cell separators, the table's header has %d: %q", i+1, n, cols, l)
			}
		} else {
			cols = 0
		}
		if strings.HasPrefix(l, "<details>") {
			depth++
		}
		if strings.HasPrefix(l, "</details>") {
			if depth--; depth < 0 {
				return fmt.Errorf("line %d: </details> without <details>", i+1)
			}
		}
	}
	if fence != "" {
		return fmt.Errorf("code fence %s left open", fence)
	}
	if depth != 0 {
		return fmt.Errorf("%d <details> left open", depth)
	}
	return nil
}

// pipes counts the | that separate cells: those not escaped by a
// backslash (itself not escaped).
func pipes(l string) int {
	n := 0
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

var fenceOpenRE = regexp.MustCompile("^(```+)([^`]*)$")

var (
	mermaidNodeRE  = regexp.MustCompile(`^  (n\d+)\["([^"]*)"\](:::(nixpkgs|nixpkgslike|target))?$`)
	mermaidEdgeRE  = regexp.MustCompile(`^  (n\d+) (-->|-\.->)\|"([^"]*)"\| (n\d+)$`)
	mermaidClassRE = regexp.MustCompile(`^  classDef \w+ [\w:#,.-]+$`)
	// A label may hold Mermaid's entities (#quot;, #35;, …) and <br/>, and
	// no other markup.
	mermaidLabelRE = regexp.MustCompile(`^([^"<>#` + "`" + `]|#[a-z0-9]+;|<br/>)*$`)
)

// checkMermaid checks a flowchart as CopiesMermaid writes it: every line a
// node, an edge or a class definition; labels quoted and escaped; every
// node declared once, before any edge uses it.
func checkMermaid(ls []string) error {
	if len(ls) == 0 || ls[0] != "flowchart LR" {
		return fmt.Errorf("does not start with flowchart LR")
	}
	nodes := map[string]bool{}
	for _, l := range ls[1:] {
		switch {
		case mermaidNodeRE.MatchString(l):
			m := mermaidNodeRE.FindStringSubmatch(l)
			if nodes[m[1]] {
				return fmt.Errorf("node %s declared twice", m[1])
			}
			nodes[m[1]] = true
			if !mermaidLabelRE.MatchString(m[2]) {
				return fmt.Errorf("label not escaped: %q", l)
			}
		case mermaidEdgeRE.MatchString(l):
			m := mermaidEdgeRE.FindStringSubmatch(l)
			if !nodes[m[1]] || !nodes[m[4]] {
				return fmt.Errorf("edge between undeclared nodes: %q", l)
			}
			if !mermaidLabelRE.MatchString(m[3]) {
				return fmt.Errorf("label not escaped: %q", l)
			}
		case mermaidClassRE.MatchString(l):
		default:
			return fmt.Errorf("unexpected line %q", l)
		}
	}
	return nil
}
