package main

import (
	"fmt"
	"strconv"
	"strings"
)

// initTrace sums what GODEBUG=inittrace=1 reports: one line per package
// initialised before main, e.g.
//
//	init net/http @0.52 ms, 0.24 ms clock, 4712 bytes, 49 allocs
type initTrace struct {
	packages int
	ms       float64
	bytes    int64
	allocs   int64
}

func parseInitTrace(stderr string) (initTrace, error) {
	var t initTrace
	for line := range strings.Lines(stderr) {
		f := strings.Fields(line)
		if len(f) != 11 || f[0] != "init" || f[6] != "clock," || f[8] != "bytes," || f[10] != "allocs" {
			continue
		}
		ms, err1 := strconv.ParseFloat(f[4], 64)
		b, err2 := strconv.ParseInt(f[7], 10, 64)
		a, err3 := strconv.ParseInt(f[9], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return t, fmt.Errorf("inittrace line %q: unreadable numbers", strings.TrimSpace(line))
		}
		t.packages++
		t.ms += ms
		t.bytes += b
		t.allocs += a
	}
	if t.packages == 0 {
		return t, fmt.Errorf("no inittrace lines in %q", stderr)
	}
	return t, nil
}
