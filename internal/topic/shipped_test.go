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
		{"the FTC against a deal", Item{Title: "FTC pauses its challenge to the drug maker's deal to buy a rival"}, at},
		{"the FTC settles", Item{Title: "FTC reaches deal with Uber over subscription sign-ups"}, nil},
		{"a state's tariff deal", Item{Title: "Japan approves deal with US on tariffs"}, nil},
		{"a political deal", Item{Title: "U.S. Senate approves deal to end government shutdown"}, nil},
		{"a treaty", Item{Title: "Britain approves deal to hand Chagos Islands to Mauritius"}, nil},
		{"the Commission's trade deal", Item{Title: "European Commission strikes deal with Mercosur"}, nil},
		{"a Chinese company's shareholders", Item{Title: "Chinese EV maker's deal wins approval from shareholders"}, nil},
		{"a tech giant's taxes", Item{Title: "Regulator fines tech giant Infosys over late tax filings"}, nil},
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
		{"a bug in external links", Item{Title: "グーグル検索の外部リンクに不具合"}, nil},
		{"in-app payment revenue", Item{Title: "넥슨 3분기 인앱결제 매출 증가"}, nil},
		{"a browser tip", Item{Title: "Google Chrome : comment ouvrir les liens externes"}, nil},
		{"a payment test", Item{Title: "Apple Watch: externe Zahlung per NFC im Test"}, nil},
		{"external payments by law", Item{Title: "スマホ新法でアップルに外部決済の容認を義務化"}, []string{"antitrust", "interoperability"}},
		{"an exclusive drama", Item{Title: "アマゾン独占配信ドラマ、視聴率調査で首位"}, nil},
		{"an exclusive release", Item{Title: "아마존 프라임 독점 공개 드라마, 시청률 조사 1위"}, nil},
		{"phone makers", Item{Title: "애플, 스마트폰 제조사 1위 탈환"}, nil},
		{"an iPhone sideloading guide", Item{Title: "A step-by-step guide to sideloading apps on your iPhone"}, nil},
		{"a blocked deal", Item{Title: "Cloud gaming deal blocked over fears for rival services"}, at},
		{"a blocked takeover in Polish", Item{Title: "Przejęcie producenta gier zablokowane przez regulatora"}, at},
		{"a deal prohibited", Item{Title: "Brussels prohibits the rail merger of two equipment makers"}, at},
		{"blocking critics after a takeover", Item{Title: "New owner blocks critics after the social network takeover"}, nil},
		{"an account takeover blocked", Item{Title: "Bank says it blocked an account takeover attempt"}, nil},
		{"the Justice Department against a merger", Item{Title: "DOJ sues to stop the merger of two publishers"}, at},
		{"the Justice Department in a leak inquiry", Item{Title: "DOJ subpoenaed Apple for lawmakers' data in a leak investigation"}, nil},
		{"payment processors by order", Item{Title: "Regulator orders app store to allow third-party payment processors"}, []string{"antitrust", "interoperability"}},
		{"a store's own rules", Item{Title: "Studio updates its game store rules for seasonal payment options"}, nil},
		{"regulators on a tracked company's deal", Item{Title: "Regulators take a closer look at the Nvidia deal"}, at},
		{"a regulator on a tracked company's product", Item{Title: "Regulator approves Samsung's new fertility app"}, nil},
		{"gatekeepers to be reined in", Item{Title: "Report says app store gatekeepers should be reined in"}, at},
		{"a curb without a market", Item{Title: "City curbs parking near the stadium"}, nil},
		{"players blocking a takeover in Polish", Item{Title: "Gracze blokujący przejęcie wydawcy przegrywają w sądzie"}, at},
		{"regulators opening up a platform", Item{Title: "Rival asks EU regulators to make Apple open up its wallet"}, []string{"antitrust", "interoperability"}},
		{"a company opens up a product", Item{Title: "Chip maker opens up its design tools to students"}, nil},
		{"interoperability named in Polish", Item{Title: "Komisja Europejska: interoperacyjność komunikatorów WhatsApp i Messenger"}, io},
		{"interoperability of a standard in Polish", Item{Title: "Nowa specyfikacja Matter poprawia interoperacyjność urządzeń smart home Google i Apple"}, nil},
		{"collusion in politics", Item{Title: "Justice Department probe into alleged campaign collusion widens"}, nil},
		{"anti-monopoly law", Item{Title: "Retail platform fined under the anti-monopoly law"}, at},
		{"competition grounds", Item{Title: "Ministers may review the port sale on competition grounds"}, at},
		{"a court on the App Store", Item{Title: "Appeals court weighs the iPhone App Store battle"}, at},
		{"a court on an app release", Item{Title: "Court tracker app returns to the App Store"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Classify(tt.it); !slices.Equal(got.Topics, tt.want) {
				t.Errorf("topics = %v, want %v (scores %v)", got.Topics, tt.want, got.Scores)
			}
		})
	}
}
