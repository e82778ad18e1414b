package topic

import "testing"

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
