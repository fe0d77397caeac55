package extract_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jdkato/prose/v3"
	"github.com/newsgraph/newsgraph/schema"
)

// benchDocs are the texts both benchmarks read: the two seeds and our
// regression articles.
func benchDocs(b *testing.B) []schema.Document {
	b.Helper()
	paths := []string{
		"../../../shared/seeds/sputnik-2024-08-16-pentagon-russia-iran.txt",
		"../../../shared/seeds/wana-2024-08-14-pentagon-monitoring.txt",
	}
	more, _ := filepath.Glob("../../testdata/regression/*.txt")
	paths = append(paths, more...)
	var docs []schema.Document
	for _, p := range paths {
		d, err := readArticle(p)
		if err != nil {
			b.Fatalf("read %s: %v", p, err)
		}
		d.Published = "2024-08-16"
		docs = append(docs, d)
	}
	return docs
}

// proseBaseline measures prose/v3's own document pipeline (tokenizing,
// segmenting, tagging and NER) on the same texts: tokens and sentences per
// second.
func proseBaseline(b *testing.B, docs []schema.Document) (tokPerSec, sentPerSec float64) {
	b.Helper()
	// the seeds alone: prose is slow and this runs inside every benchmark
	tokens, sents := 0, 0
	start := nowNano()
	for _, d := range docs {
		doc, err := prose.NewDocument(d.Body)
		if err != nil {
			b.Fatal(err)
		}
		tokens += len(doc.Tokens())
		sents += len(doc.Sentences())
		_ = doc.Entities()
	}
	el := float64(nowNano()-start) / 1e9
	return float64(tokens) / el, float64(sents) / el
}

// BenchmarkExtract runs the full pipeline over the benchmark texts on one
// core and reports articles/s, sentences/s, MB/s and tokens/s, next to
// prose's own tagging+NER measured in the same run, with the ratio of
// tokens per second (target ≥ 3) — run with -cpu 1.
func BenchmarkExtract(b *testing.B) {
	x := newExtractor(b)
	docs := benchDocs(b)
	bytes, sents, toks := 0, 0, 0
	for _, d := range docs {
		bytes += len(d.Body)
		sents += countSentences(d.Body)
		toks += len(strings.Fields(d.Body))
	}
	proseTok, proseSent := proseBaseline(b, docs)
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	start := nowNano()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := x.Extract(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	el := float64(nowNano()-start) / 1e9
	b.StopTimer()
	n := float64(b.N)
	// tokens counted the way prose counts them, for a fair ratio
	proseToks := 0
	for _, d := range docs {
		doc, _ := prose.NewDocument(d.Body, prose.WithTagging(false), prose.WithExtraction(false), prose.WithSegmentation(false))
		proseToks += len(doc.Tokens())
	}
	ourTokPerSec := float64(proseToks) * n / el
	b.ReportMetric(float64(len(docs))*n/el, "articles/s")
	b.ReportMetric(float64(sents)*n/el, "sentences/s")
	b.ReportMetric(ourTokPerSec, "tokens/s")
	b.ReportMetric(proseTok, "prose-tokens/s")
	b.ReportMetric(proseSent, "prose-sentences/s")
	b.ReportMetric(ourTokPerSec/proseTok, "x-prose")
}

// countSentences counts sentences the way prose's segmenter would see them
// roughly: terminal punctuation followed by space, plus paragraphs.
func countSentences(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '.' || c == '!' || c == '?') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' || s[i+1] == '"') {
			n++
		}
	}
	if n == 0 {
		n = 1
	}
	return n
}

// BenchmarkProse is prose/v3's full document pipeline alone, for reference.
func BenchmarkProse(b *testing.B) {
	docs := benchDocs(b)
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Body)
	}
	b.SetBytes(int64(bytes))
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := prose.NewDocument(d.Body); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func nowNano() int64 { return time.Now().UnixNano() }
