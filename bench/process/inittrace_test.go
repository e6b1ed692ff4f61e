package main

import "testing"

func TestParseInitTrace(t *testing.T) {
	got, err := parseInitTrace("init internal/bytealg @0.008 ms, 0 ms clock, 0 bytes, 0 allocs\n" +
		"flake-unify: something else on stderr\n" +
		"init cut short\n" +
		"init net/http @0.52 ms, 0.24 ms clock, 4712 bytes, 49 allocs\n" +
		"init encoding/gob @0.80 ms, 0.33 ms clock, 25728 bytes, 356 allocs\n")
	if err != nil {
		t.Fatal(err)
	}
	want := initTrace{packages: 3, ms: 0.57, bytes: 30440, allocs: 405}
	if got.packages != want.packages || got.bytes != want.bytes || got.allocs != want.allocs || got.ms < 0.5699 || got.ms > 0.5701 {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := parseInitTrace("no trace here\n"); err == nil {
		t.Error("stderr without a trace line: no error")
	}
}
