// Package synth generates synthetic docket projects of any size, for
// benchmarks and load tests: news items and events of 300–600 words, 30
// topics and 200 entities, spread over ten years. Words follow Zipf's law
// over a vocabulary of 40,000 English word forms and 12,000 Chinese
// words (one entry in ten is Chinese), as in news text, so that a search
// index or a slug table meets rare words as well as frequent ones.
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

// chineseShare is the share of entries in Chinese (lang: zh).
const chineseShare = 10 // percent

// Generate writes a project with n entries into dir: content/ (site.yaml,
// news, events), feeds/ (topics.yaml with one rule per topic,
// entities.yaml). Copy templates/ in yourself. The output depends only
// on n and seed.
func Generate(dir string, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 1))
	en, zh := newLexicons(r)
	if err := writeRules(dir); err != nil {
		return err
	}
	site := "title: Synthetic tracker\nbase_url: https://synthetic.example/\nlanguage: en\npage_size: 50\nfeed_size: 50\n"
	if err := write(filepath.Join(dir, "content", "site.yaml"), site); err != nil {
		return err
	}
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	var prev struct {
		lex         *lexicon
		lang, title string
		date        time.Time
	}
	for i := range n {
		date := start.Add(time.Duration(i) * (10 * 365 * 24 * time.Hour / time.Duration(max(n, 1))))
		lex, lang := en, ""
		if r.IntN(100) < chineseShare {
			lex, lang = zh, "lang: zh\n"
		}
		title := lex.title(r)
		// One news item in eight is another outlet's report of the entry
		// before it, an hour later under its headline, as wire copy is:
		// the archive has stories of several reports.
		if i%10 != 0 && i > 0 && r.IntN(8) == 0 {
			lex, lang, title, date = prev.lex, prev.lang, prev.title, prev.date.Add(time.Hour)
		}
		prev.lex, prev.lang, prev.title, prev.date = lex, lang, title, date
		// The entry's number keeps slugs unique, as a real archive's
		// collision suffixes do.
		slug := fmt.Sprintf("%s-%d", content.Slug(title), i)
		summary := lex.sentence(r, 12+r.IntN(18))
		if r.IntN(2) == 0 {
			summary += lex.sep + lex.sentence(r, 8+r.IntN(16))
		}
		rel, fm := "", ""
		if i%10 == 0 {
			rel = content.EventPath(date, slug)
			fm = fmt.Sprintf("kind: fine\nauthorities: [auth-%d]\namount: {value: %d, currency: EUR}\nstatus: final\nsources: [\"https://authority.example/%d\"]\n",
				r.IntN(authorities), 1_000_000*(1+r.IntN(5000)), i)
		} else {
			rel = content.NewsPath(date, slug)
			fm = fmt.Sprintf("source: Outlet %d\nfeed: feed-%d\nurl: https://news%d.example/%d\nextracted: true\nmatched:\n  - {topic: topic-%d, term: term, field: title, weight: 2}\n",
				i%sources, i%sources, i%sources, i, i%topics)
		}
		companies := entities - authorities - regions
		t1, t2 := i%topics, other(i%topics, (i/topics)%topics, topics)
		c1 := r.IntN(companies)
		c2 := other(c1, r.IntN(companies), companies)
		fm = fmt.Sprintf("---\ntitle: %q\ndate: %s\n%ssummary: %q\ntopics: [topic-%d, topic-%d]\nentities: [co-%d, co-%d]\njurisdictions: [region-%d]\n%s---\n\n",
			title, date.Format(time.RFC3339), lang, summary, t1, t2, c1, c2, r.IntN(regions), fm)
		if err := write(filepath.Join(dir, "content", filepath.FromSlash(rel)), fm+body(r, lex)); err != nil {
			return err
		}
	}
	return nil
}

// other is b, or the next of n numbers when b is a: a list names an ID
// once.
func other(a, b, n int) int {
	if b == a {
		return (b + 1) % n
	}
	return b
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
func body(r *rand.Rand, lex *lexicon) string {
	var b strings.Builder
	words := 300 + r.IntN(301)
	for n := 0; n < words; {
		switch r.IntN(8) {
		case 0:
			b.WriteString("## " + lex.title(r) + "\n\n")
		case 1:
			b.WriteString("- " + lex.sentence(r, 8) + "\n- " + lex.sentence(r, 8) + "\n\n")
			n += 16
		}
		for k := 2 + r.IntN(4); k > 0; k-- {
			m := 8 + r.IntN(25)
			b.WriteString(lex.sentence(r, m) + lex.sep)
			n += m
		}
		fmt.Fprintf(&b, "*%s* [%s](https://example.org/%d)%s\n\n", lex.word(), lex.phrase(r, 1+r.IntN(3)), r.IntN(1000), lex.stop)
		n += 2
	}
	return b.String()
}

func write(path, s string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
