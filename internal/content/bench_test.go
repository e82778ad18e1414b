package content

import "testing"

func BenchmarkParse(b *testing.B) {
	src := []byte("---\ntitle: \"Regulator fines platform over exclusivity deals\"\ndate: 2021-04-10T10:00:00+08:00\nsummary: \"A summary of the fine, one or two sentences long, as feeds give them.\"\ntopics: [antitrust, interoperability]\nentities: [alibaba, samr]\njurisdictions: [cn]\nsource: Example Wire\nfeed: example\nurl: https://news.example.com/marketplace-fined\nextracted: true\nmatched:\n  - {topic: antitrust, term: fine, field: title, weight: 2}\n---\n\nBody.\n")
	for b.Loop() {
		if _, ps := Parse("p", "news/2021/04/x", src, nil); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}
