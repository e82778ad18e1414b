package topic

import (
	"slices"
	"testing"
)

// TestShippedRulesCases pins what the shipped rules make of a few items
// written for the test: each pairs a general rule with the look-alike it
// must leave alone.
func TestShippedRulesCases(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	at, io := []string{"antitrust"}, []string{"interoperability"}
	tests := []struct {
		name string
		it   Item
		want []string
	}{
		{"monopoly of a platform", Item{Title: "Publisher sues Google over its ad monopoly"}, at},
		{"monopoly in politics", Item{Title: "Senator sues to end the state liquor monopoly"}, nil},
		{"monopolizing", Item{Title: "How a retailer is monopolizing online books"}, at},
		{"a named state blocks a deal", Item{Title: "UK blocks chipmaker's acquisition of rival"}, at},
		{"a named state approves a deal", Item{Title: "China approves the software maker's $20 billion deal"}, at},
		{"a state approves a Brexit deal", Item{Title: "UK parliament approves Brexit deal"}, nil},
		{"the FTC against a deal", Item{Title: "FTC pauses its challenge to the drug maker's deal"}, at},
		{"a plea deal with officials", Item{Title: "Officials reach plea deal with banker in fraud probe"}, nil},
		{"consumer case of the FTC", Item{Title: "FTC sues Amazon over Prime cancellation traps", Summary: "Shoppers could not cancel, the consumer protection suit says."}, nil},
		{"merger case of the FTC", Item{Title: "FTC sues to block the merger of two hospital chains"}, at},
		{"sideloading on the iPhone", Item{Title: "Apple prepares to allow sideloading on the iPhone"}, []string{"antitrust", "interoperability"}},
		{"sideloading how-to", Item{Title: "How to sideload apps on your Android phone"}, nil},
		{"Epic against Apple", Item{Title: "Epic Games files new appeal against Apple"}, at},
		{"Epic's store", Item{Title: "Epic Games Store gives away a free game this week"}, nil},
		{"korean fine", Item{Title: "공정위, 구글에 과징금 부과"}, at},
		{"french fine", Item{Title: "Bruxelles inflige une amende à Google"}, at},
		{"japanese in-app payment law", Item{Title: "アプリ内課金の強制を禁じる法律が成立　アップルに打撃"}, io},
		{"polish approval of a deal", Item{Title: "Unia Europejska zatwierdziła przejęcie spółki"}, at},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Classify(tt.it); !slices.Equal(got.Topics, tt.want) {
				t.Errorf("topics = %v, want %v (scores %v)", got.Topics, tt.want, got.Scores)
			}
		})
	}
}
