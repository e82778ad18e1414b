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
	for _, tt := range shippedCases() {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Classify(tt.it); !slices.Equal(got.Topics, tt.want) {
				t.Errorf("topics = %v, want %v (scores %v)", got.Topics, tt.want, got.Scores)
			}
		})
	}
}

// shippedCase is an item written for a test and the topics it must get.
type shippedCase struct {
	name string
	it   Item
	want []string
}

// shippedCases pair each general rule with a look-alike; TestAblate also
// counts the cases a removal breaks, so a pinned rule shows as pinned.
func shippedCases() []shippedCase {
	at, io := []string{"antitrust"}, []string{"interoperability"}
	both := []string{"antitrust", "interoperability"}
	return []shippedCase{
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
		// A blocked merger or acquisition is merger control; a bare deal,
		// takeover or purchase blocked is so only with a company the tracker
		// follows, never in politics, sport or a coup; people blocked after a
		// deal are no merger control.
		{"a merger blocked", Item{Title: "Regulator blocks merger of two chipmakers"}, at},
		{"a tracked company's deal blocked", Item{Title: "UK blocks Activision deal over cloud gaming worries"}, at},
		{"a merger blocked in Polish", Item{Title: "Fuzja producentów gier zablokowana przez regulatora"}, at},
		{"players blocking a takeover in Polish", Item{Title: "Gracze blokujący przejęcie wydawcy przegrywają w sądzie"}, at},
		{"a political deal blocked", Item{Title: "Senators block deal on farm subsidies"}, nil},
		{"a club takeover blocked", Item{Title: "Football league blocks takeover of struggling club"}, nil},
		{"a coup blocked", Item{Title: "Army takeover blocked by loyal troops"}, nil},
		{"a purchase prohibited", Item{Title: "Purchase of fireworks prohibited during drought"}, nil},
		{"a takeover deal blocked by bots", Item{Title: "Billionaire says social network takeover deal blocked by spam bots"}, nil},
		{"a takeover of power blocked in Polish", Item{Title: "Wojsko zablokowało przejęcie władzy przez rebeliantów"}, nil},
		{"critics blocked after a company deal", Item{Title: "New owner blocks critics after $44 billion deal"}, nil},
		{"farmland purchases blocked by a legislature", Item{Title: "Senators block acquisition of farmland by foreign firm"}, nil},
		{"a union of states blocks a merger", Item{Title: "European Union blocks merger of two rail makers"}, at},
		{"a tracked company blocks minors' purchases", Item{Title: "Tencent blocks purchase of game items by minors"}, nil},
		{"the Justice Department against a merger", Item{Title: "DOJ sues to stop the merger of two publishers"}, at},
		// "Competition fears" and "competition grounds" are no competition
		// law by themselves; with a watchdog they are a competition case.
		{"competition fears on a stock market", Item{Title: "Chipmaker's shares fall on competition fears"}, nil},
		{"a sports competition's grounds", Item{Title: "Fans banned from competition grounds after riot"}, nil},
		{"a watchdog on competition grounds", Item{Title: "Watchdog to examine port sale on competition grounds"}, at},
		{"anti-monopoly law", Item{Title: "Retail platform fined under the anti-monopoly law"}, at},
		// A bare purchase is a merger where a tracked company stands by it
		// and a merger-review word is close; neither alone makes one, nor
		// a bid (an attempt), an OK or a nod.
		{"a tracked company's purchase cleared", Item{Title: "Regulators clear Microsoft's purchase of the Call of Duty maker"}, at},
		{"a tracked company's purchase, no review", Item{Title: "Microsoft completes purchase of a small game studio"}, nil},
		{"a purchase approved, no company", Item{Title: "Regulator approves purchase of new fire engines"}, nil},
		{"a regulator OKs a bid", Item{Title: "US aviation regulator OKs Amazon's bid to expand drone deliveries"}, nil},
		{"OK to buy", Item{Title: "Is it OK to buy an iPhone 16 now? Regulators warn on battery swelling"}, nil},
		// A company blocking a purchase is no merger control.
		{"a platform blocks purchases", Item{Title: "Amazon blocks purchase of hand sanitizer above list price"}, nil},
		{"a store blocks purchases", Item{Title: "Google Play blocks purchase of loot boxes in Belgium"}, nil},
		// A case caption is a suit, an action; the plaintiff is an
		// authority or a state by its formal name, and the actor must show
		// itself by its own rule.
		{"a case caption", Item{Title: "DOJ v Google: closing arguments begin"}, at},
		{"a match between states", Item{Title: "Japan vs Germany: Google searches spike during the match"}, nil},
		{"a caption with an adjective", Item{Title: "Apple vs Chinese rivals: iPhone shipments fall 10% in China"}, nil},
		{"a caption with a city", Item{Title: "Washington v. Meta: appeals court upholds record campaign-finance penalty"}, nil},
		{"a state's case that is no competition case", Item{Title: "UK v Apple: secret encryption backdoor case heard by tribunal"}, nil},
		// Testimony and hearings are a step in a competition case, not at
		// a safety or AI hearing.
		{"a hearing before a competition authority", Item{Title: "CMA hearing: Microsoft testifies on cloud licensing"}, at},
		{"a hearing on warehouse injuries", Item{Title: "Regulators hold hearing on Amazon warehouse injuries"}, nil},
		{"testimony on AI safety", Item{Title: "Microsoft president testifies before EU Parliament hearing on AI safety"}, nil},
		{"testimony on child safety", Item{Title: "Brussels hearing: Meta testifies on child safety measures"}, nil},
		// Product trials by a business line's name are no case.
		{"a search feature trial", Item{Title: "Google starts ad-free search trial for YouTube Premium users"}, nil},
		{"a search product trial", Item{Title: "Microsoft opens Bing AI search trial to all users"}, nil},
		{"an ad tech product trial", Item{Title: "Amazon launches ad tech trial with UK retailers"}, nil},
		{"App Store trial periods", Item{Title: "Apple lets developers offer App Store trial periods for paid apps"}, nil},
		{"a criminal App Store case", Item{Title: "Man sentenced in App Store case over $1m in stolen gift cards"}, nil},
		{"an App Store lawsuit by parents", Item{Title: "Judge tosses App Store lawsuit by parents over kids' game purchases"}, nil},
		// An action word inside an idiom is no action.
		{"a suit filed", Item{Title: "Regulators file suit against Apple over its payment rules"}, at},
		{"regulators follow suit", Item{Title: "Regulators follow suit as Apple's rivals adopt new chips"}, nil},
		// Products sold apart are unbundling only with competition or a
		// law or regulator in the item; product news is not.
		{"bundling stopped", Item{Title: "EU: Microsoft stops bundling Teams with Office"}, at},
		{"a suite unbundled", Item{Title: "EU: Microsoft to sell Teams separately from Office worldwide"}, at},
		{"a browser updated separately", Item{Title: "Microsoft Edge will now update separately from Windows"}, nil},
		{"a suite sold separately", Item{Title: "Microsoft launches Office 2024, sold separately from Microsoft 365"}, nil},
		// Gatekeepers in Japanese or Polish by the EU or the DMA; a
		// suicide-prevention gatekeeper, or data access keepers, are not.
		{"gatekeepers in Japanese", Item{Title: "EU、巨大IT企業6社をゲートキーパーに指定"}, at},
		{"suicide-prevention gatekeepers", Item{Title: "巨大IT企業と連携し自殺予防のゲートキーパー養成、厚労省が調査結果を公表"}, nil},
		{"gatekeepers in Polish", Item{Title: "KE: sześć firm uznanych za strażników dostępu"}, at},
		{"data access keepers in Polish", Item{Title: "Strażnicy dostępu do danych w szpitalach dostaną kary za wycieki"}, nil},
		// An authority scrutinising a market in Polish; an X-ray, product
		// safety or a consumer sweep is not.
		{"UOKiK scrutinises a market", Item{Title: "UOKiK prześwietla rynek paliw"}, at},
		{"a hospital X-rays patients", Item{Title: "Szpital prześwietla pacjentów nowym aparatem"}, nil},
		{"X-ray machines", Item{Title: "UOKiK ostrzega: wadliwe aparaty do prześwietleń w gabinetach stomatologicznych"}, nil},
		{"child seat safety", Item{Title: "UOKiK przyjrzy się bezpieczeństwu dziecięcych fotelików samochodowych"}, nil},
		{"a consumer sweep", Item{Title: "UOKiK prześwietla sklepy internetowe przed Black Friday"}, nil},
		// Big tech in other languages, where a privacy, DSA, tax or
		// finance case is no competition case.
		{"finance regulators and big tech in Korean", Item{Title: "금융당국, 빅테크 대출 중개 수수료 제재 검토"}, nil},
		{"a digital tax in Japanese", Item{Title: "GAFAなど巨大ITへのデジタル課税、当局が調査"}, nil},
		{"the DSA in Chinese", Item{Title: "欧盟依据《数字服务法》对科技巨头的虚假信息处理展开调查"}, nil},
		{"the GDPR in Polish", Item{Title: "Irlandzki regulator nałożył karę na giganta technologicznego za naruszenie RODO"}, nil},
		{"the DSA in Polish", Item{Title: "KE wszczyna postępowanie wobec Big Techu w sprawie aktu o usługach cyfrowych"}, nil},
		// A default browser no longer forced in Europe; removing an
		// extension or a feature is not that.
		{"a default dropped in Europe", Item{Title: "Windows 11 will stop forcing Edge as the default browser in Europe"}, both},
		{"a browser removal how-to", Item{Title: "How to uninstall Edge from Windows 11"}, nil},
		{"extensions removed", Item{Title: "European police urge Google Chrome users to remove fake extensions"}, nil},
		{"a feature removed", Item{Title: "Google brings Gemini to Chrome in Europe; users can remove it from the toolbar"}, nil},
		// A court is an actor in an app-store case about the store's rules,
		// fees or payments, not where it orders an app removed; an appeals
		// court is a court, not an appeal.
		{"a court on App Store payments", Item{Title: "Court orders Apple to let developers steer users to outside payments"}, both},
		{"a court removes an app", Item{Title: "Judge orders Apple to pull messaging app from the App Store"}, nil},
		{"a court restores an app", Item{Title: "Court orders Google to restore a banned app to the Play Store"}, nil},
		{"a court fines an app seller", Item{Title: "Court fines developer who sold counterfeit apps on the App Store"}, nil},
		{"an appeals court named", Item{Title: "Appeals court hears App Store dispute"}, nil},
		// Reining in, curbing and opening up act on competition only with
		// market power or rivals in view.
		{"gatekeepers to be reined in", Item{Title: "Report says app store gatekeepers should be reined in"}, at},
		{"a curb on dominance", Item{Title: "Regulators move to curb Meta's dominance in online ads"}, at},
		{"a curb on face recognition", Item{Title: "Regulators move to curb Meta's face recognition"}, nil},
		{"a curb on political ads", Item{Title: "EU lawmakers vote to curb Google's political ads"}, nil},
		{"reining in chatbots", Item{Title: "EU agrees law to rein in Big Tech's AI chatbots"}, nil},
		{"regulators opening up a platform", Item{Title: "Rival asks EU regulators to make Apple open up its wallet"}, both},
		{"a platform made to open up", Item{Title: "Google urges EU regulators to make Apple open up its messaging app"}, both},
		{"a platform opening up about its plans", Item{Title: "EU regulators praise Apple for opening up about its AI plans"}, nil},
		// Payment processors are an opening measure only in app-store
		// payments; third parties are no opening.
		{"payment processors by order", Item{Title: "Regulator orders app store to allow third-party payment processors"}, both},
		{"app developers' payment processors", Item{Title: "India tells Google to let app developers use other payment processors"}, io},
		{"payment processors and betting sites", Item{Title: "Card payment processors ordered to block illegal betting sites"}, nil},
		{"payment processors and a surcharge law", Item{Title: "Payment processors must follow new surcharge law"}, nil},
		{"wallet data shared with third parties", Item{Title: "Report: Meta passed Apple Pay records to third parties"}, nil},
		// The Justice Department is the competition enforcer with a
		// competition word, a merger or a big platform in view, whatever
		// election or subpoena is near; not in a leak inquiry.
		{"the Justice Department before an election", Item{Title: "Attorney general urges Justice Department to sue Google before the election"}, at},
		{"the Justice Department on an election-year merger", Item{Title: "Merger boom in election year draws Justice Department scrutiny"}, at},
		{"the Justice Department's subpoenas", Item{Title: "DOJ subpoenas advertisers in Google ad tech probe"}, at},
		{"the Justice Department's cartel whistleblowers", Item{Title: "DOJ offers whistleblower rewards for cartel tips"}, at},
		{"the Justice Department's search case in election season", Item{Title: "Justice Department sues Google over search", Summary: "The suit comes weeks before the midterm elections."}, at},
		{"the Justice Department in a leak inquiry", Item{Title: "DOJ subpoenaed Apple for lawmakers' data in a leak investigation"}, nil},
		{"the Justice Department on leaked documents", Item{Title: "FBI and Justice Department investigate leak of Google documents"}, nil},
		// Collusion is a cartel with a market in view, not in politics or
		// policing.
		{"collusion of producers", Item{Title: "Watchdog investigates collusion among poultry producers"}, at},
		{"collusion of lenders", Item{Title: "EU fines lenders for collusion in bond markets"}, at},
		{"collusion over prices", Item{Title: "Regulators probe collusion between grocers over prices"}, at},
		{"collusion in politics", Item{Title: "Justice Department probe into alleged campaign collusion widens"}, nil},
		{"collusion in policing", Item{Title: "Police watchdog probes collusion between officers and gangs"}, nil},
		// Rules, guidance and urging are a mandate from a state or a
		// regulator, not from a store.
		{"a union's rules", Item{Title: "EU rules will require a common charger for phones"}, io},
		{"a state's rules", Item{Title: "South Korea's new rules let developers offer alternative billing"}, io},
		{"a state's guidance", Item{Title: "Japan publishes guidance for alternative app stores"}, io},
		{"a store's own rules", Item{Title: "Studio updates its game store rules for seasonal payment options"}, nil},
		{"a store's own payment rules", Item{Title: "Game store's new rules allow alternative payment options"}, nil},
		// Breaking a company up is a remedy with an enforcer in view, for
		// any big platform (no company's name in the rule), not a couple's.
		{"a platform to be broken up", Item{Title: "Regulators say the chipmaker should be broken up", Summary: "The competition authority wants Intel to sell its foundry unit."}, at},
		{"a big platform's break-up sought", Item{Title: "Justice Department seeks to break up Amazon's marketplace"}, at},
		{"a breakup in the digital age", Item{Title: "How to break up in the digital age: who keeps the WhatsApp groups?"}, nil},
		{"a band's breakup", Item{Title: "Judge rules on band's breakup over streaming royalties"}, nil},
		// Other rules changed in the same pass.
		{"an account takeover blocked", Item{Title: "Bank says it blocked an account takeover attempt"}, nil},
		{"regulators on a tracked company's deal", Item{Title: "Regulators take a closer look at the Nvidia deal"}, at},
		{"interoperability named in Polish", Item{Title: "Komisja Europejska: interoperacyjność komunikatorów WhatsApp i Messenger"}, io},
		{"interoperability of a standard in Polish", Item{Title: "Nowa specyfikacja Matter poprawia interoperacyjność urządzeń smart home Google i Apple"}, nil},
		// Vocabulary widened with the story corpus (rules4): each pin fails
		// without its new terms. Synonyms of blocking a deal, consumer cases
		// told as tricks, the enforcers' common names, Polish and German
		// forms, competition named by its cases, market dominance, and the
		// action words' missing forms.
		{"a deal prevented", Item{Title: "Nvidia's takeover deal prevented to protect choice"}, at},
		{"a deal scuttled", Item{Title: "Nvidia's takeover deal scuttled"}, at},
		{"a trade deal prevented", Item{Title: "UK says trade deal prevented a tariff rise"}, nil},
		{"an FTC case of tricked shoppers", Item{Title: "FTC sues Amazon for tricking shoppers into Prime"}, nil},
		{"an FTC case of a deal", Item{Title: "FTC sues Amazon to stop its merger with a robot maker"}, at},
		{"trustbusters", Item{Title: "Trustbusters target the chipmaker"}, at},
		{"a fair trade commission", Item{Title: "Taiwan's Fair Trade Commission fines chipmaker"}, at},
		{"fair trade coffee", Item{Title: "Fair trade coffee sales rise in Europe"}, nil},
		{"the F.T.C. against a platform", Item{Title: "F.T.C. sues Microsoft over gaming deal"}, at},
		{"the F.T.C. on privacy", Item{Title: "F.T.C. fines Amazon over children's privacy"}, nil},
		{"a cartel in Polish", Item{Title: "Kartel producentów farb: śledztwo w sprawie zmowy"}, at},
		{"a drug cartel in Polish", Item{Title: "Policja rozbiła kartel narkotykowy, śledztwo w sprawie zmowy"}, nil},
		{"a German suit", Item{Title: "Wettbewerber verklagt Google wegen Monopol"}, at},
		{"a competition investigation", Item{Title: "Cloud market faces competition investigation"}, at},
		{"market dominance", Item{Title: "Regulator targets Google's market dominance"}, at},
		{"a club's market dominance", Item{Title: "Club's market dominance in shirt sales grows"}, nil},
		{"allegations against a platform", Item{Title: "Regulator reviewing allegations that Google abused its market dominance"}, at},
		{"allegations in a club", Item{Title: "League reviewing allegations against the club's owner"}, nil},
		{"a regulator's remedy for a deal", Item{Title: "Microsoft's purchase of a game maker gets the OK from the EU", Summary: "Brussels says Microsoft's promises will remedy its concerns."}, at},
		{"a remedy in a game", Item{Title: "Microsoft patch will remedy crashes in the Activision shooter"}, nil},
		{"a subsidy that distorts competition", Item{Title: "Brussels says the state subsidy distorts competition"}, at},
		{"rain over a contest", Item{Title: "Rain distorted the competition results in the final"}, nil},
	}
}
