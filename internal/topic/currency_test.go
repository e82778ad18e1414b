package topic

import (
	"slices"
	"testing"
)

// TestCurrencySymbolsAndSingularsNameNoJurisdiction:
// currency notations common in wire copy name no jurisdiction either.
func TestCurrencySymbolsAndSingularsNameNoJurisdiction(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	for _, tt := range []struct{ lang, title string }{
		{"en", "Apple fined US$500 million over app store rules"},
		{"en", "Apple fined 5 billion South Korean won"},
		{"en", "Apple fined 5 million Brazilian real"},
		{"en", "Apple fined 500 million UK pounds"},
		{"fr", "Apple condamnée à 500 millions de dollar américain"},
		{"fr", "Apple condamnée à 500 millions de yuans chinois"},
		{"de", "Apple muss 500 Millionen chinesische Yuan zahlen"},
		{"de", "Apple muss 500 Millionen britische Pfund zahlen"},
		{"pl", "Apple ukarany grzywną 500 mln juanów chińskich"},
	} {
		if got := r.Classify(Item{Title: tt.title, Lang: tt.lang}).Jurisdictions; len(got) != 0 {
			t.Errorf("%q: jurisdictions %v, want none", tt.title, got)
		}
	}
}

// TestCurrencyAfterSpaceKeepsPlace: a sign after a space is the money's,
// not the place's, but for a dollar ("US $5"): "EU €1.8bn fine" is the
// EU's.
func TestCurrencyAfterSpaceKeepsPlace(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	for title, want := range map[string]string{
		"EU €1.8bn fine for Apple over music streaming": "eu",
		"Brussels €4bn fine for Google upheld":          "eu",
	} {
		if got := r.Classify(Item{Title: title, Lang: "en"}).Jurisdictions; !slices.Contains(got, want) {
			t.Errorf("%q: jurisdictions %v, want %s among them", title, got, want)
		}
	}
	if got := r.Classify(Item{Title: "Apple fined US $500 million", Lang: "en"}).Jurisdictions; len(got) != 0 {
		t.Errorf("US $500 million: jurisdictions %v, want none", got)
	}
}
