package planview

import (
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"
)

// The table lays out what text/tabwriter (minwidth 0, padding 2, ' ')
// lays out for the same lines, on random tables: empty cells, multi-byte
// runes, ragged rows, and cells with the bytes tabwriter reads as
// structure.
func TestTableIsTabwriters(t *testing.T) {
	pieces := []string{"", "a", "nixpkgs", "→ x", "é", "日本", "-", " ", "  ", "24.05", "\t", "\v", "\n", "\f", "\xff", "<b>", "&amp;"}
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 20000 {
		rows := r.IntN(6)
		cols := 1 + r.IntN(6)
		tb := newTable(rows)
		var want strings.Builder
		tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
		for range rows {
			k := cols
			if r.IntN(8) == 0 {
				k = 1 + r.IntN(6) // a ragged row
			}
			cells := make([]string, k)
			for i := range cells {
				for range r.IntN(3) {
					p := pieces[r.IntN(len(pieces))]
					if n%2 == 0 && strings.ContainsAny(p, "\t\v\n\f\xff") {
						p = "x" // half the tables stay plain
					}
					cells[i] += p
				}
			}
			tb.add(cells...)
			tw.Write([]byte(strings.Join(cells, "\t") + "\n"))
		}
		tw.Flush()
		var got strings.Builder
		tb.write(&got)
		if got.String() != want.String() {
			t.Fatalf("table %q:\n%q\ntabwriter:\n%q", tb.rows, got.String(), want.String())
		}
	}
}
