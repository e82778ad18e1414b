// Package synth generates synthetic docket projects of any size, for
// benchmarks and load tests: news items and events of 300–600 words, 30
// topics and 200 entities, spread over ten years.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"docket/internal/content"
)

const (
	topics      = 30
	entities    = 200 // companies, authorities and jurisdictions
	authorities = 40
	regions     = 20
	sources     = 25
)

var vocabulary = strings.Fields(`the regulator said platform market competition rules fine order court
appeal merger deal app store payment links rivals users data access interoperability gatekeeper
investigation decision ruling consumers developers prices search advertising messaging commission
ministry law compliance obligations open third-party services browser default choice screen
business users dominance abuse remedy settlement review probe billion million percent year month
week company group unit share revenue growth said added according officials statement filing`)

// Generate writes a project with n entries into dir: content/ (site.yaml,
// news, events), feeds/ (topics.yaml with one rule per topic,
// entities.yaml). Copy templates/ in yourself. The output depends only
// on n and seed.
func Generate(dir string, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 1))
	if err := writeRules(dir); err != nil {
		return err
	}
	site := "title: Synthetic tracker\nbase_url: https://synthetic.example/\nlanguage: en\npage_size: 50\nfeed_size: 50\n"
	if err := write(filepath.Join(dir, "content", "site.yaml"), site); err != nil {
		return err
	}
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		date := start.Add(time.Duration(i) * (10 * 365 * 24 * time.Hour / time.Duration(max(n, 1))))
		title := fmt.Sprintf("%s %s %s %d", strings.ToUpper(word(r)[:1])+word(r)[1:], word(r), word(r), i)
		rel, fm := "", ""
		if i%10 == 0 {
			rel = content.EventPath(date, content.Slug(title))
			fm = fmt.Sprintf("kind: fine\nauthorities: [auth-%d]\namount: {value: %d, currency: EUR}\nstatus: final\nsources: [\"https://authority.example/%d\"]\n",
				r.IntN(authorities), 1_000_000*(1+r.IntN(5000)), i)
		} else {
			rel = content.NewsPath(date, content.Slug(title))
			fm = fmt.Sprintf("source: Outlet %d\nfeed: feed-%d\nurl: https://news%d.example/%d\nextracted: true\nmatched:\n  - {topic: topic-%d, term: term, field: title, weight: 2}\n",
				i%sources, i%sources, i%sources, i, i%topics)
		}
		fm = fmt.Sprintf("---\ntitle: %q\ndate: %s\nsummary: %q\ntopics: [topic-%d, topic-%d]\nentities: [co-%d, co-%d]\njurisdictions: [region-%d]\n%s---\n\n",
			title, date.Format(time.RFC3339), sentence(r, 25), i%topics, (i/topics)%topics, r.IntN(entities-authorities-regions), r.IntN(entities-authorities-regions), r.IntN(regions), fm)
		if err := write(filepath.Join(dir, "content", filepath.FromSlash(rel)), fm+body(r)); err != nil {
			return err
		}
	}
	return nil
}

func writeRules(dir string) error {
	var t, e strings.Builder
	t.WriteString("fields: {title: 2, summary: 1, body: 0.5}\ntopics:\n")
	for i := range topics {
		fmt.Fprintf(&t, "  - id: topic-%d\n    name: Topic %d\n    threshold: 2\n    rules:\n      - weight: 2\n        terms: {en: [subject%d]}\n", i, i, i)
	}
	e.WriteString("entities:\n")
	for i := range regions {
		fmt.Fprintf(&e, "  - {id: region-%d, name: Region %d, kind: jurisdiction}\n", i, i)
	}
	for i := range authorities {
		fmt.Fprintf(&e, "  - {id: auth-%d, name: Authority %d, kind: authority, jurisdiction: region-%d}\n", i, i, i%regions)
	}
	for i := range entities - authorities - regions {
		fmt.Fprintf(&e, "  - {id: co-%d, name: Company %d, kind: company}\n", i, i)
	}
	if err := write(filepath.Join(dir, "feeds", "topics.yaml"), t.String()); err != nil {
		return err
	}
	return write(filepath.Join(dir, "feeds", "entities.yaml"), e.String())
}

// body is 300–600 words of Markdown in paragraphs, with a heading, a list,
// a link and emphasis.
func body(r *rand.Rand) string {
	var b strings.Builder
	words := 300 + r.IntN(301)
	for n := 0; n < words; {
		k := 40 + r.IntN(40)
		switch r.IntN(8) {
		case 0:
			b.WriteString("## " + sentence(r, 5) + "\n\n")
		case 1:
			b.WriteString("- " + sentence(r, 8) + "\n- " + sentence(r, 8) + "\n\n")
			n += 16
		}
		fmt.Fprintf(&b, "%s *%s* [%s](https://example.org/%d).\n\n", sentence(r, k), word(r), word(r), r.IntN(1000))
		n += k + 2
	}
	return b.String()
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = word(r)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func word(r *rand.Rand) string { return vocabulary[r.IntN(len(vocabulary))] }

func write(path, s string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
