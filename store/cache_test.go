package store

import (
	"fmt"
	"sync"
	"testing"
)

func TestUIDCache(t *testing.T) {
	for _, tc := range []struct {
		name    string
		max     int
		puts    []string
		touch   string // read between puts[max-1] and the rest
		present []string
		absent  []string
	}{
		{"keeps up to max", 3, []string{"a", "b", "c"}, "", []string{"a", "b", "c"}, nil},
		{"evicts least recently used", 2, []string{"a", "b", "c"}, "", []string{"b", "c"}, []string{"a"}},
		{"a read keeps an entry", 2, []string{"a", "b", "c"}, "a", []string{"a", "c"}, []string{"b"}},
		{"disabled", 0, []string{"a"}, "", nil, []string{"a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newUIDCache(tc.max)
			for i, x := range tc.puts {
				if i == tc.max && tc.touch != "" {
					c.get(tc.touch)
				}
				c.put(x, &cached{uid: "0x" + x})
			}
			for _, x := range tc.present {
				if e, ok := c.get(x); !ok || e.uid != "0x"+x {
					t.Errorf("%s: got %v, %v", x, e, ok)
				}
			}
			for _, x := range tc.absent {
				if _, ok := c.get(x); ok {
					t.Errorf("%s still cached", x)
				}
			}
			c.reset()
			if c.len() != 0 {
				t.Errorf("%d entries after reset", c.len())
			}
		})
	}
}

// TestUIDCacheConcurrent is for -race: many goroutines reading and writing
// one small cache never see a torn entry and never exceed the bound.
func TestUIDCacheConcurrent(t *testing.T) {
	c := newUIDCache(50)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				k := fmt.Sprintf("k%d", (i*7+g)%120)
				if e, ok := c.get(k); ok && e.uid != "0x"+k {
					t.Errorf("%s → %s", k, e.uid)
					return
				}
				c.put(k, &cached{uid: "0x" + k})
			}
		}()
	}
	wg.Wait()
	if n := c.len(); n > 50 {
		t.Errorf("%d entries, bound 50", n)
	}
}
