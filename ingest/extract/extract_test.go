package extract_test

import (
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/ingest/extract"
)

var (
	sharedOnce sync.Once
	sharedX    *extract.Extractor
	sharedErr  error
)

// newExtractor loads the extractor once for the whole test binary.
func newExtractor(t testing.TB) *extract.Extractor {
	t.Helper()
	sharedOnce.Do(func() { sharedX, sharedErr = extract.New() })
	if sharedErr != nil {
		t.Fatalf("extract.New: %v", sharedErr)
	}
	return sharedX
}
