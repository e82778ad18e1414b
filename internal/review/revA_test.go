package review

import (
	"strings"
	"testing"
)

// TestWalkKeepUnknownDoubt: k on an item whose doubted topic the rules no
// longer have says so and asks again, rather than ending the walk.
func TestWalkKeepUnknownDoubt(t *testing.T) {
	old := item("aaaa0001", "Renamed", 23)
	old.Doubts[0].Topic = "competition" // a topic since renamed
	none := item("aaaa0002", "No doubts", 22)
	none.Doubts = nil
	p := project(t, old, none)
	var out strings.Builder
	n, err := p.Walk(strings.NewReader("k\nd\nk\nt\nantitrust\n"), &out, nil)
	if err != nil {
		t.Fatalf("walk: %v\n%s", err, out.String())
	}
	if n.Dropped != 1 || n.Kept != 1 {
		t.Errorf("tally %+v\n%s", n, out.String())
	}
}
