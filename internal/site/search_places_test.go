package site

import (
	"slices"
	"testing"

	"docket/internal/content"
)

// An entry's places in terms.json, found when its chunk is rendered:
// ascending, each once, and none for a term terms.json leaves out.
func TestTermPlaces(t *testing.T) {
	place := map[termRef]int{
		{"topic", "antitrust"}: 0, {"entity", "miit"}: 1, {"entity", "tencent"}: 2, {"kind", "fine"}: 3,
	}
	item := func(kind content.Kind, e content.Entry) *Item {
		return itemOf(&content.Doc{Entry: e, Kind: kind})
	}
	for _, tc := range []struct {
		name string
		it   *Item
		want []int
	}{
		{"none", item(content.News, content.Entry{}), nil},
		{"sorted, unknown left out", item(content.News, content.Entry{Topics: []string{"antitrust"},
			Entities: []string{"tencent", "gone", "miit"}}), []int{0, 1, 2}},
		{"authority also an entity, once", item(content.Event, content.Entry{EventKind: "fine",
			Authorities: []string{"miit"}, Entities: []string{"miit"}}), []int{1, 3}},
		{"a news item has no kind term", item(content.News, content.Entry{EventKind: "fine"}), nil},
	} {
		if got := termPlaces(tc.it, place); !slices.Equal(got, tc.want) {
			t.Errorf("%s: places %v, want %v", tc.name, got, tc.want)
		}
	}
}
