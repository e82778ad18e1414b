package extract

import (
	"errors"
	"fmt"
	"io"
	"runtime/metrics"

	"golang.org/x/net/html"
)

// ErrTooComplex is returned for a page whose tree would be far larger
// than its bytes: the caller keeps the feed's summary.
var ErrTooComplex = errors.New("extract: page too complex to read")

// The parse's budget: what the process may allocate while the parser
// reads a page, a fixed part and a part per byte read. A real page's
// parse allocates a few times its bytes; a page of unclosed formatting
// tags makes the parser build each of them again after every block (490
// differently classed <b> tags and 4,000 paragraphs, 22 KB: two million
// elements, 1.27 GB and 9 s). The budget counts what every goroutine
// allocates, so it is generous: fetch reads several pages at once, and a
// page refused for another's allocations would lose its text (the feed's
// summary is kept). A bomb is stopped within about a second.
const (
	parseBudget        = 256 << 20
	parseBudgetPerByte = 40
)

// budgetReader feeds the parser and stops it, with ErrTooComplex, once
// the process has allocated more than the budget since the parse began.
// It measures the cost instead of predicting it from the bytes: three
// reviews each found pages that a model of the parser read differently
// from the parser.
type budgetReader struct {
	r     io.Reader
	read  int
	start uint64
	heap  []metrics.Sample
}

// budgetChunk is the most a Read of the budgetReader gives the parser.
const budgetChunk = 512

func newBudgetReader(r io.Reader) *budgetReader {
	b := &budgetReader{r: r, heap: []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}}
	b.start = b.allocated()
	return b
}

func (b *budgetReader) allocated() uint64 {
	metrics.Read(b.heap)
	return b.heap[0].Value.Uint64()
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if used := b.allocated() - b.start; used > parseBudget+parseBudgetPerByte*uint64(b.read) {
		return 0, fmt.Errorf("%w: its parse allocated %d MB for %d KB read", ErrTooComplex, used>>20, b.read>>10)
	}
	// A small piece at a time, so that the check above runs often: a
	// few hundred bytes of unclosed formatting tags make the parser build
	// a million elements (the tokenizer asks for 4 KB and more at once).
	n, err := b.r.Read(p[:min(len(p), budgetChunk)])
	b.read += n
	return n, err
}

// A parsed page may hold maxElements elements, or one for every
// bytesPerElement bytes of a larger page: the steps after the parse cost
// what the tree holds. The allocation budget alone let a bomb through
// behind 2 MB of plain text, which buys budget and costs little to parse
// (two million elements, 14 s and 1.3 GB after the parse). The corpora's
// pages hold at most one element for every 28 bytes.
const (
	maxElements     = 100_000
	bytesPerElement = 8
)

// treeFits refuses a tree with more elements than a page of size bytes
// may hold.
func treeFits(doc *html.Node, size int) error {
	limit, n := max(maxElements, size/bytesPerElement), 0
	for node := range doc.Descendants() {
		if node.Type == html.ElementNode {
			if n++; n > limit {
				return fmt.Errorf("%w: over %d elements from %d KB", ErrTooComplex, limit, size>>10)
			}
		}
	}
	return nil
}
