package planview

import (
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// table lays out rows of cells as a text/tabwriter.Writer made with
// minwidth 0, padding 2, padchar ' ' and no flags lays out the lines
// cell\tcell\t…\tlast: every cell but the last padded to its column's
// widest (in runes) plus two. It keeps each cell as given instead of
// buffering the text, its cells and their widths a second time. A cell
// with a byte tabwriter reads as structure (tab, vertical tab, newline,
// form feed, its escape 0xff) sends the table through tabwriter itself.
type table struct {
	rows   [][]string
	widths []int
	plain  bool // no cell holds a byte tabwriter treats specially
}

func newTable(rows int) *table { return &table{rows: make([][]string, 0, rows), plain: true} }

// add appends a row; the last cell is not aligned.
func (t *table) add(cells ...string) {
	t.rows = append(t.rows, cells)
	for i, c := range cells {
		if t.plain && strings.ContainsAny(c, "\t\v\n\f\xff") {
			t.plain = false
		}
		if i == len(cells)-1 {
			break
		}
		if i == len(t.widths) {
			t.widths = append(t.widths, 0)
		}
		t.widths[i] = max(t.widths[i], utf8.RuneCountInString(c))
	}
}

// write lays the table out into b.
func (t *table) write(b *strings.Builder) {
	if !t.plain || !t.even() {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		for _, r := range t.rows {
			tw.Write([]byte(strings.Join(r, "\t") + "\n"))
		}
		tw.Flush()
		return
	}
	for _, r := range t.rows {
		for i, c := range r[:len(r)-1] {
			b.WriteString(c)
			for range t.widths[i] + 2 - utf8.RuneCountInString(c) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(r[len(r)-1])
		b.WriteByte('\n')
	}
}

// even reports whether every row has as many cells: then each column is
// one block, as tabwriter aligns it (rows of other lengths end blocks).
func (t *table) even() bool {
	for _, r := range t.rows {
		if len(r) != len(t.rows[0]) {
			return false
		}
	}
	return true
}
