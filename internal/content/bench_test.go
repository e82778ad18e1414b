package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchEntry is a news item as fetch writes one.
const benchEntry = "---\ntitle: \"Regulator fines platform over exclusivity deals\"\ndate: 2021-04-10T10:00:00+08:00\nsummary: \"A summary of the fine, one or two sentences long, as feeds give them.\"\ntopics: [antitrust, interoperability]\nentities: [alibaba, samr]\njurisdictions: [cn]\nsource: Example Wire\nfeed: example\nurl: https://news.example.com/marketplace-fined\nextracted: true\nmatched:\n  - {topic: antitrust, term: fine, field: title, weight: 2}\n---\n\nBody.\n"

func BenchmarkParse(b *testing.B) {
	src := []byte(benchEntry)
	for b.Loop() {
		if _, ps := Parse("p", "news/2021/04/x", src, nil); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}

// BenchmarkCacheDecode reads a load cache of parsed news entries: what a
// build on a fresh clone waits for before it takes any file.
func BenchmarkCacheDecode(b *testing.B) {
	src := []byte(benchEntry)
	const n = 5000
	docs, probs, stats := make([]*Doc, n), make([]Problems, n), make([]fileStat, n)
	for i := range docs {
		d, ps := Parse("p", fmt.Sprintf("news/2021/04/x-%05d", i), src, nil)
		if len(ps) > 0 {
			b.Fatal(ps)
		}
		docs[i], stats[i] = d, fileStat{size: 500, mtime: 1, ctime: 2, ino: uint64(i)}
	}
	c := NewCache("", [32]byte{7})
	var file bytes.Buffer
	if err := c.write(&file, docs, probs, stats, 1<<62); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(file.Len()))
	for b.Loop() {
		recs, err := c.decode(bytes.NewReader(file.Bytes()), "content/", nil)
		if err != nil || len(recs) != n {
			b.Fatal(len(recs), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}

// BenchmarkWalk lists 20,000 entries in 120 month folders, as a
// ten-year archive lays them out.
func BenchmarkWalk(b *testing.B) {
	root := b.TempDir()
	for m := range 120 {
		dir := filepath.Join(root, "news", fmt.Sprint(2016+m/12), fmt.Sprintf("%02d", m%12+1))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for i := range 20000 / 120 {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("item-%d.md", i)), nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	for b.Loop() {
		if rels, ps, err := walkContent(root); err != nil || len(ps) > 0 || len(rels) != 120*(20000/120) {
			b.Fatal(len(rels), ps, err)
		}
	}
}
