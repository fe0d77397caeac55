package ingest

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

func readAll(t *testing.T, r *Reader, path string) ([]schema.Document, []Failure) {
	t.Helper()
	var docs []schema.Document
	var fails []Failure
	err := r.Read(context.Background(), path,
		func(d schema.Document) error { docs = append(docs, d); return nil },
		func(f Failure) { fails = append(fails, f) })
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return docs, fails
}

// TestReadMixed reads the fixture directory that mixes every format with
// broken inputs: each article comes out once with its metadata, each broken
// input is one failure naming it.
func TestReadMixed(t *testing.T) {
	docs, fails := readAll(t, &Reader{}, "testdata/mixed")
	want := []struct {
		id, url, published, title, source, origin, bodyStart string
	}{
		{"ankara-2024-01-23-turkey-ratifies", "", "2024-01-23", "", "ANKARA", "testdata/mixed/ankara-2024-01-23-turkey-ratifies.txt", "ANKARA (January 23) Turkey's parliament"},
		{"g20-african-union", "https://newsgraph.example/2023/09/09/g20-african-union", "2023-09-09", "African Union Joins the G20", "Newsgraph Demo", "testdata/mixed/archive-2023.jsonl.gz:1", "The Group of 20 admitted"},
		{"black-sea-grain", "https://newsgraph.example/2023/07/17/black-sea-grain-deal", "2023-07-17", "Russia Quits the Black Sea Grain Deal", "Newsgraph Demo", "testdata/mixed/archive-2023.jsonl.gz:2", "Russia said on Monday"},
		{"https://newsgraph.example/2024/02/26/hungary-ratifies", "https://newsgraph.example/2024/02/26/hungary-ratifies", "2024-02-26", "Hungary Ratifies Sweden's NATO Bid", "newsgraph.example", "testdata/mixed/crawl-2024-02.warc#3", "Hungary Ratifies Sweden's NATO Bid\nHungary's parliament approved"},
		{"https://newsgraph.example/2024/06/19/russia-north-korea-treaty", "https://newsgraph.example/2024/06/19/russia-north-korea-treaty", "2024-06-19", "North Korea and Russia Sign Defense Pact", "newsgraph.example", "testdata/mixed/crawl-2024-06.warc.gz#2", "North Korea and Russia Sign Defense Pact\nRussian President Vladimir Putin"},
		{"delhi-summit", "https://newsgraph.example/2023/09/09/g20-new-delhi-declaration", "2023-09-09", "G20 Leaders Adopt New Delhi Declaration", "Newsgraph Demo", "testdata/mixed/delhi-summit.html", "G20 Leaders Adopt New Delhi Declaration\nLeaders of the Group of 20"},
		{"finland-nato", "https://newsgraph.example/2023/04/04/finland-joins-nato", "2023-04-04", "Finland Joins NATO", "Newsgraph Demo", "testdata/mixed/demo-articles.jsonl:1", "Finland became the 31st member"},
		{"saudi-iran-beijing", "https://newsgraph.example/2023/03/10/saudi-iran-restore-ties", "2023-03-10T14:00:00Z", "Saudi Arabia and Iran Agree to Restore Relations", "Newsgraph Demo", "testdata/mixed/demo-articles.jsonl:4", "Saudi Arabia and Iran agreed"},
		{"https://newsgraph.example/2023/08/24/brics-expansion", "https://newsgraph.example/2023/08/24/brics-expansion", "2023-08-24T10:00:00Z", "BRICS Invites Six Countries to Join", "Newsgraph Demo", "testdata/mixed/demo-articles.jsonl:6", "BRICS leaders meeting in Johannesburg"},
		{"https://newsgraph.example/2024/07/10/nato-washington-summit", "https://newsgraph.example/2024/07/10/nato-washington-summit", "2024-07-10T18:00:00Z", "NATO Summit Opens in Washington", "Newsgraph Demo Europe", "testdata/mixed/feeds/europe.atom#1", "NATO leaders gathered in Washington"},
		{"https://newsgraph.example/2024/07/01/hungary-eu-presidency", "https://newsgraph.example/2024/07/01/hungary-eu-presidency", "2024-07-01T08:00:00Z", "Hungary Takes Over EU Council Presidency", "Newsgraph Demo Europe", "testdata/mixed/feeds/europe.atom#2", "Hungary took over the rotating presidency"},
		{"demo-kazan-summit", "", "2024-10-23T09:00:00Z", "BRICS Leaders Meet in Kazan", "Newsgraph Demo World", "testdata/mixed/feeds/world.rss#1", "BRICS Leaders Meet in Kazan\nRussian President Vladimir Putin hosted"},
		{"demo-shoigu-tehran", "", "2024-08-05T12:00:00Z", "Shoigu Visits Tehran", "Newsgraph Demo World", "testdata/mixed/feeds/world.rss#2", "Shoigu Visits Tehran\n\nSergei Shoigu"},
		{"https://newsgraph.example/2023/03/16/japan-korea-summit", "https://newsgraph.example/2023/03/16/japan-korea-summit", "2023-03-16T15:00:00Z", "Japan and South Korea Hold Summit", "Newsgraph Demo World", "testdata/mixed/feeds/world.rss#3", "Japanese Prime Minister Fumio Kishida hosted South Korean President Yoon Suk Yeol in Tokyo on Thursday, the first such visit in twelve years.\nThe two leaders"},
		{"sweden-nato", "https://newsgraph.example/2024/03/07/sweden-joins-nato", "2024-03-07", "Sweden Becomes NATO's 32nd Member", "", "testdata/mixed/sweden-nato.txt", "\nSweden Becomes NATO's 32nd Member\n\nSweden formally joined"},
	}
	if len(docs) != len(want) {
		for _, d := range docs {
			t.Logf("got %s (%s)", d.ID, d.Origin)
		}
		t.Fatalf("got %d documents, want %d", len(docs), len(want))
	}
	for i, w := range want {
		d := docs[i]
		got := []string{d.ID, d.URL, d.Published, d.Title, d.Source, d.Origin}
		exp := []string{w.id, w.url, w.published, w.title, w.source, w.origin}
		for j := range got {
			if got[j] != exp[j] {
				t.Errorf("doc %d field %d = %q, want %q", i, j, got[j], exp[j])
			}
		}
		if !strings.HasPrefix(d.Body, w.bodyStart) {
			t.Errorf("doc %s body starts %q, want %q", w.id, d.Body[:min(len(d.Body), len(w.bodyStart))], w.bodyStart)
		}
		if len(d.Hash) != 64 {
			t.Errorf("doc %s hash %q: want hex SHA-256", w.id, d.Hash)
		}
	}

	wantFails := map[string]string{
		"testdata/mixed/broken/empty.txt":        "empty input",
		"testdata/mixed/broken/invalid.json:1":   "invalid JSON",
		"testdata/mixed/broken/junk.bin":         "binary content",
		"testdata/mixed/broken/truncated.txt.gz": "unexpected EOF",
		"testdata/mixed/demo-articles.jsonl:2":   "invalid JSON",
		"testdata/mixed/demo-articles.jsonl:5":   "no article text",
		"testdata/mixed/feeds/world.rss#4":       "missing.html",
	}
	var origins []string
	for _, f := range fails {
		origins = append(origins, f.Origin)
		if f.Stage != StageRead {
			t.Errorf("%s: stage %q, want read", f.Origin, f.Stage)
		}
		if w, ok := wantFails[f.Origin]; !ok {
			t.Errorf("unexpected failure %s", f)
		} else if !strings.Contains(f.Reason, w) {
			t.Errorf("failure %s: reason should mention %q", f, w)
		}
	}
	if len(fails) != len(wantFails) {
		sort.Strings(origins)
		t.Errorf("got failures %v, want %d", origins, len(wantFails))
	}
}

// TestReadSeeds reads the shared seed articles: the header line of one gives
// date and URL and is cut from the body; the other's dateline and file name
// give source and date.
func TestReadSeeds(t *testing.T) {
	tests := []struct {
		file, id, url, published, source, title, bodyStart string
	}{
		{"sputnik-2024-08-16-pentagon-russia-iran.txt", "sputnik-2024-08-16-pentagon-russia-iran",
			"https://sputnikglobe.com/20240816/sign-of-anxiety-pentagon-keeps-an-eye-on-deepening-russia-iran-collaboration-1119789114.html",
			"2024-08-16", "", "Sign of Anxiety? Pentagon Keeps an Eye on ‘Deepening’ Russia-Iran Collaboration", "\nSign of Anxiety?"},
		{"wana-2024-08-14-pentagon-monitoring.txt", "wana-2024-08-14-pentagon-monitoring", "", "2024-08-14", "WANA", "", "WANA (August 14)The U.S. Department of Defense"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			docs, fails := readAll(t, &Reader{}, "../../shared/seeds/"+tt.file)
			if len(docs) != 1 || len(fails) != 0 {
				t.Fatalf("got %d docs, failures %v; want 1 doc", len(docs), fails)
			}
			d := docs[0]
			for _, c := range [][2]string{{d.ID, tt.id}, {d.URL, tt.url}, {d.Published, tt.published}, {d.Source, tt.source}, {d.Title, tt.title}} {
				if c[0] != c[1] {
					t.Errorf("got %q, want %q", c[0], c[1])
				}
			}
			if !strings.HasPrefix(d.Body, tt.bodyStart) {
				t.Errorf("body starts %q, want %q", d.Body[:40], tt.bodyStart)
			}
		})
	}
}

// TestReadStdin reads "-" as a stream whose format is sniffed like a file's.
func TestReadStdin(t *testing.T) {
	tests := []struct {
		name, in string
		ids      []string
		failures []string
	}{
		{"jsonl", "{\"id\":\"a\",\"body\":\"Text A.\"}\nnot json\n{\"url\":\"https://x.example/b\",\"body\":\"Text B.\"}\n", []string{"a", "https://x.example/b"}, []string{"-:2"}},
		{"text", "date 2024-01-02\nA short article.\n", []string{"stdin"}, nil},
		{"empty", "  \n", nil, []string{"-"}},
		{"latin-1 text", "Talks at the Caf\xe9 de la Paix.\n", []string{"stdin"}, nil},
		{"json array", "[\n {\"id\": \"a\", \"body\": \"Text A.\"},\n 7,\n {\"id\": \"c\",\n  \"body\": \"Text C.\"}\n]\n", []string{"a", "c"}, []string{"-#2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, fails := readAll(t, &Reader{Stdin: strings.NewReader(tt.in)}, "-")
			var ids, origins []string
			for _, d := range docs {
				ids = append(ids, d.ID)
			}
			for _, f := range fails {
				origins = append(origins, f.Origin)
			}
			if strings.Join(ids, ",") != strings.Join(tt.ids, ",") || strings.Join(origins, ",") != strings.Join(tt.failures, ",") {
				t.Errorf("ids %v failures %v; want %v %v", ids, origins, tt.ids, tt.failures)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head, name string
		want       Format
	}{
		{"\x1f\x8b\x08\x00", "x.txt", FormatGzip},
		{"WARC/1.1\r\n", "x", FormatWARC},
		{"\ufeff  {\"id\":1}", "x.txt", FormatJSONL},
		{" [{\"id\":1}]", "x.json", FormatJSONArray},
		{"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", "x.xml", FormatFeed},
		{"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", "x", FormatFeed},
		{"<!DOCTYPE html><html><body>feed</body></html>", "x.rss", FormatHTML},
		{"Plain words.", "notes.html", FormatHTML},
		{"Plain words.", "notes.txt", FormatText},
		{"Plain words.", "lines.jsonl", FormatJSONL},
		{"", "x", ""},
		{"\x00\x01binary", "x.txt", ""},
		{"\x01\x02\x03\x04\x05\x06 mostly control bytes", "x.txt", ""},
		{"Caf\xe9 in latin-1", "x.txt", FormatText},
	}
	for _, tt := range tests {
		if got, _ := Sniff([]byte(tt.head), tt.name); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %q, want %q", tt.head, tt.name, got, tt.want)
		}
	}
}

func TestNotArticle(t *testing.T) {
	for name, want := range map[string]bool{
		"README.md": true, "readme.txt": true, "LICENSE": true, "demo_test.go": true, "go.mod": true,
		"2024-04-14-iran.txt": false, "feed.xml": false, "dump.jsonl.gz": false, "page.html": false, "notes.md": false,
	} {
		if got := notArticle(name); got != want {
			t.Errorf("notArticle(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := map[string]string{
		"2024-08-16":                      "2024-08-16",
		"2024-08-16T06:52:00+03:00":       "2024-08-16T03:52:00Z",
		"Fri, 16 Aug 2024 06:52:00 +0000": "2024-08-16T06:52:00Z",
		"August 16, 2024":                 "2024-08-16",
		"2024-08":                         "2024-08",
		"yesterday":                       "",
	}
	for in, want := range tests {
		if got := NormalizeDate(in); got != want {
			t.Errorf("NormalizeDate(%q) = %q, want %q", in, got, want)
		}
	}
}
