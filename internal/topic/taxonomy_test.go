package topic

import "testing"

func TestLoadShipped(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	if r.Entity("alibaba") == nil || r.Topic("antitrust") == nil {
		t.Fatalf("shipped rules lack alibaba or antitrust")
	}
}

// TestCurrenciesNameNoJurisdiction: a currency named by its country's
// adjective ("Japanese yen") is no mention of the country, as "US dollars"
// and "Canadian dollars" are not; the country named otherwise still is.
func TestCurrenciesNameNoJurisdiction(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	for _, tt := range []struct {
		title string
		want  []string
	}{
		{"Fine of 2 billion US dollars", nil},
		{"Fine of 2 billion Japanese yen", nil},
		{"Fine of 2 billion Chinese yuan", nil},
		{"Fine of 2 billion Chinese renminbi", nil},
		{"Fine of 20 million British pounds", nil},
		{"Fine of 20 million Indian rupees", nil},
		{"Fine of 20 million Turkish lira", nil},
		{"Fine of 20 million Polish zlotys", nil},
		{"Fine of 20 million Brazilian reais", nil},
		{"Japanese regulator fines chipmaker 2 billion yen", []string{"jp"}},
		{"Indian regulator fines app maker 20 million rupees", []string{"in"}},
	} {
		got := r.Classify(Item{Title: tt.title}).Jurisdictions
		if len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] {
			t.Errorf("%q: jurisdictions %v, want %v", tt.title, got, tt.want)
		}
	}
}
