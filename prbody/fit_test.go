package prbody

import (
	"errors"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
)

// forms is a section whose forms are the given strings, richest first.
func forms(min string, essential bool, fs ...string) section {
	return section{min: min, essential: essential, fit: func(budget int) string {
		for _, f := range fs {
			if runes(f) <= budget {
				return f
			}
		}
		return ""
	}}
}

func TestLayout(t *testing.T) {
	secs := func() []section {
		return []section{
			{min: "S"},                              // summary
			forms("t", true, "TTTT", "TT"),          // a table, essential
			forms("", false, "GGGGG", "g"),          // graphs
			forms("", false, "DDDDDDD", "DDD", "d"), // a diff
			{min: "M"},                              // marker
		}
	}
	order := []int{0, 1, 4, 2, 3}
	for _, tc := range []struct {
		limit int
		want  string
	}{
		{100, "STTTTGGGGGDDDDDDDM"},
		{15, "STTTTGGGGGDDDM"}, // the diff shrinks first
		{10, "STTTTgDDDM"},     // then the graphs
		{7, "STTTTgM"},         // the diff goes
		{6, "STTTTM"},          // the graphs go
		{5, "STTM"},            // the table is cut: nothing after it, though "g" would fit
		{3, "StM"},             // the table's min
	} {
		got, err := layout(tc.limit, secs(), order)
		if err != nil || got != tc.want {
			t.Errorf("limit %d: %q, %v; want %q", tc.limit, got, err, tc.want)
		}
	}
	_, err := layout(2, secs(), order)
	var de *diag.Error
	if !errors.As(err, &de) || !strings.Contains(de.Error(), "limit 2") {
		t.Errorf("limit 2: %v, want a diag.Error naming the limit", err)
	}
}
