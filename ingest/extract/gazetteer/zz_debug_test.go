package gazetteer

import (
	"fmt"
	"sort"
	"testing"
)

func TestZZDump(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k, fs := range g.index {
		ids := map[string]bool{}
		for _, f := range fs {
			ids[f.entry.ID] = true
		}
		if len(ids) > 1 {
			s := k + " =>"
			for _, f := range fs {
				s += fmt.Sprintf(" %s(%s,%v)", f.entry.ID, f.via, f.ambiguous)
			}
			keys = append(keys, s)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k)
	}
	fmt.Println("keys", len(g.index), "maxwords", g.maxWords, "entries", len(g.entries))
}
