package commitmsg

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/flake-unify/flake-unify/internal/words"
)

// statWidth is the width of the diffstat in the commit message: 72 columns
// keep `git log` (which indents by four) within 80.
const statWidth = 72

// FileStat is one line of a diffstat: a path and its counts of added and
// deleted lines.
type FileStat struct {
	Path           string
	Added, Deleted int
}

// LineCounts counts the lines a minimal line diff adds and deletes. A line
// without its final newline differs from the same line with one, as in git.
// go-diff with DiffTimeout 0 never takes its non-minimal shortcuts, so the
// counts are those of the longest common subsequence, which is what git's
// Myers diff reports for files of this size.
func LineCounts(old, new []byte) (added, deleted int) {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	a, b, _ := dmp.DiffLinesToRunes(string(old), string(new))
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		n := utf8.RuneCountInString(d.Text) // one rune per line
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			added += n
		case diffmatchpatch.DiffDelete:
			deleted += n
		}
	}
	return added, deleted
}

// renderStat formats stats as `git diff --stat=<width>` does (git's diff.c,
// show_stats and print_stat_summary), so the message reads like the output
// every git user knows.
func renderStat(stats []FileStat, width int) string {
	if len(stats) == 0 {
		return " 0 files changed\n"
	}
	maxLen, maxChange := 0, 0
	for _, s := range stats {
		maxLen = max(maxLen, utf8.RuneCountInString(s.Path))
		maxChange = max(maxChange, s.Added+s.Deleted)
	}
	numberWidth := len(fmt.Sprint(maxChange))
	width = max(width, 16+6+numberWidth)
	graphWidth := maxChange
	nameWidth := maxLen
	if nameWidth+numberWidth+6+graphWidth > width {
		if graphWidth > width*3/8-numberWidth-6 {
			graphWidth = max(width*3/8-numberWidth-6, 6)
		}
		if nameWidth > width-numberWidth-6-graphWidth {
			nameWidth = width - numberWidth - 6 - graphWidth
		} else {
			graphWidth = width - numberWidth - 6 - nameWidth
		}
	}

	var sb strings.Builder
	totalAdd, totalDel := 0, 0
	for _, s := range stats {
		totalAdd += s.Added
		totalDel += s.Deleted
		name, prefix := s.Path, ""
		l := nameWidth
		if n := utf8.RuneCountInString(name); nameWidth < n {
			// Too long: keep the end, from a slash if there is one.
			prefix = "..."
			l = max(l-3, 0)
			r := []rune(name)
			name = string(r[len(r)-l:])
			if i := strings.IndexByte(name, '/'); i >= 0 {
				name = name[i:]
			}
		}
		pad := max(l-utf8.RuneCountInString(name), 0)
		change := s.Added + s.Deleted
		sep := ""
		if change > 0 {
			sep = " "
		}
		fmt.Fprintf(&sb, " %s%s%s | %*d%s", prefix, name, strings.Repeat(" ", pad), numberWidth, change, sep)
		add, del := s.Added, s.Deleted
		if graphWidth <= maxChange {
			total := scaleLinear(add+del, graphWidth, maxChange)
			if total < 2 && add > 0 && del > 0 {
				total = 2
			}
			if add < del {
				add = scaleLinear(add, graphWidth, maxChange)
				del = total - add
			} else {
				del = scaleLinear(del, graphWidth, maxChange)
				add = total - del
			}
		}
		sb.WriteString(strings.Repeat("+", add))
		sb.WriteString(strings.Repeat("-", del))
		sb.WriteByte('\n')
	}

	fmt.Fprintf(&sb, words.Plural(len(stats), " %d file changed", " %d files changed"), len(stats))
	if totalAdd > 0 || totalDel == 0 {
		fmt.Fprintf(&sb, words.Plural(totalAdd, ", %d insertion(+)", ", %d insertions(+)"), totalAdd)
	}
	if totalDel > 0 || totalAdd == 0 {
		fmt.Fprintf(&sb, words.Plural(totalDel, ", %d deletion(-)", ", %d deletions(-)"), totalDel)
	}
	sb.WriteByte('\n')
	return sb.String()
}

// scaleLinear is git's scale_linear: a nonzero count never scales to zero.
func scaleLinear(it, width, maxChange int) int {
	if it == 0 {
		return 0
	}
	return 1 + it*(width-1)/maxChange
}

// SortStats orders the lines by path, as git does.
func SortStats(s []FileStat) {
	slices.SortFunc(s, func(a, b FileStat) int { return strings.Compare(a.Path, b.Path) })
}
