package lazy

import (
	"sync"
	"testing"
)

func TestBuiltOnceOnFirstGet(t *testing.T) {
	var v Value[int]
	builds := 0
	build := func() int { builds++; return 42 }
	if builds != 0 {
		t.Fatal("built before Get")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := v.Get(build); got != 42 {
				t.Errorf("Get = %d, want 42", got)
			}
		})
	}
	wg.Wait()
	if got := v.Get(func() int { return 7 }); got != 42 || builds != 1 {
		t.Errorf("after 9 Gets: value %d, %d builds; want 42 and 1", got, builds)
	}
}
