package extract_test

import (
	"encoding/json"
	"os"
	"testing"
)

func TestDebugDump(t *testing.T) {
	p := os.Getenv("EXTRACT_DUMP")
	if p == "" {
		return
	}
	x := newExtractor(t)
	doc, err := readArticle(p)
	if err != nil {
		t.Fatal(err)
	}
	doc.Published = os.Getenv("EXTRACT_PUB")
	rec, err := x.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range rec.Actors {
		a.Mentions = nil
		b, _ := json.Marshal(a)
		t.Logf("A %s", b)
	}
	for _, e := range rec.Events {
		e.Evidence = nil
		b, _ := json.Marshal(e)
		t.Logf("E %s", b)
	}
	for _, c := range rec.Claims {
		c.Evidence = nil
		b, _ := json.Marshal(c)
		t.Logf("C %s", b)
	}
}
