package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// fill sets every field v reaches: to a value of its own (n counts
// them) when full, else to the values the encoding might lose: false
// behind a pointer, empty lists that are not nil, zero times.
func fill(v reflect.Value, n *int, full bool) {
	*n++
	zones := []*time.Location{time.UTC, time.Local, time.FixedZone("", 5*3600+1800), time.FixedZone("XST", -3600)}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(full)
	case reflect.Int, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n, full)
	case reflect.Slice:
		size := 0
		if full {
			size = 2
		}
		v.Set(reflect.MakeSlice(v.Type(), size, size))
		for i := range size {
			fill(v.Index(i), n, full)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if full {
				v.Set(reflect.ValueOf(time.Date(2000+*n, 2, 3, 4, 5, 6, *n, zones[*n%len(zones)])))
			}
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), n, full)
		}
	default:
		panic("fill: no value for " + v.Type().String())
	}
}

// Every field of Entry comes back from the cache as it went in: one the
// encoding forgets fails here, and so does a Doc field it does not know.
func TestCacheCodecCoversEntry(t *testing.T) {
	var names []string
	for f := range reflect.TypeFor[Doc]().Fields() {
		names = append(names, f.Name)
	}
	if want := []string{"Entry", "Kind", "Path", "Rel", "Slug", "Sum", "body", "spots"}; !slices.Equal(names, want) {
		t.Errorf("Doc has fields %v, the load cache knows %v: see encodeRecord", names, want)
	}
	for _, full := range []bool{true, false} {
		n := 0
		d := &Doc{Kind: Event, Path: "content/events/2021-04-10-fine.md", Rel: "events/2021-04-10-fine", Slug: "fine", Sum: [32]byte{1, 2}, spots: "\x01\x00\x00\x00\x02\x00\x00\x00"}
		fill(reflect.ValueOf(&d.Entry).Elem(), &n, full)
		st := fileStat{size: 10, mtime: 20, ctime: 30, ino: 40}
		var e enc
		encodeRecord(&e, d, st)
		// Decoded from bytes that are then written over, as the cache's
		// reader reuses its buffer: a string left pointing into them fails.
		got, ok := decodeRecord(unsafe.String(unsafe.SliceData(e.buf), len(e.buf)), "content/", interner{})
		if !ok {
			t.Fatalf("full %v: the record does not decode", full)
		}
		for i := range e.buf {
			e.buf[i] = '#'
		}
		if got.stat != st || !reflect.DeepEqual(got.doc, d) {
			t.Errorf("full %v: the record decodes to\n%+v %+v\nnot\n%+v %+v", full, got.doc, got.stat, d, st)
		}
		// Every cut of it is refused, not read as something else.
		for i := range len(e.buf) {
			if _, ok := decodeRecord(string(e.buf[:i]), "content/", interner{}); ok {
				t.Fatalf("full %v: the record's first %d bytes decode", full, i)
			}
		}
	}
}

// cacheFixture writes entries the fast path and the full parser read
// (a quoted title, an extracted: false, an empty list, dates in several
// zones, related items whose places problems name) under a new root.
func cacheFixture(t *testing.T) string {
	root := t.TempDir()
	files := map[string]string{
		"news/2021/09/a.md":             "---\ntitle: \"A: quoted\"\ndate: 2021-09-28T09:08:00+05:30\ntopics: [antitrust]\nentities: [alibaba, samr]\nextracted: false\nmatched:\n  - {topic: antitrust, term: fine, field: title, weight: 2}\n---\nBody\n",
		"news/2021/09/b.md":             "---\ntitle: B\ndate: 2021-09-28\ntopics: []\nupdated: 2021-09-29T10:00:00Z\nfeed: f\n---\n",
		"events/2021-04-10-fine.md":     "---\ntitle: Fine\nkind: fine\nauthorities: [samr]\namount: {value: 18228000000, currency: CNY}\nsources:\n  - https://www.samr.gov.cn/\n  - {title: Decision, url: https://example.org/d}\nrelated:\n  - news/2021/09/a\n  - news/2021/09/b.md\n---\n",
		"pages/about.md":                "---\ntitle: About\nmenu: 2\n---\nText\n",
		"events/2021-05-01-odd-yaml.md": "---\ntitle: >\n  Folded\n  title\nkind: order\ndate: 2021-05-01 10:00:00+01:00\n---\n",
	}
	old := time.Now().Add(-time.Hour)
	for rel, s := range files {
		p := filepath.Join(root, rel)
		write(t, p, s)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// A load from the cache, by stat or by sum, gives the documents and
// problems a load without it gives, to the last unexported field.
func TestLoadFilesCachedMatches(t *testing.T) {
	root := cacheFixture(t)
	tax := rules(t)
	want, wantPs := LoadFiles(root, tax)
	if len(wantPs) > 0 {
		t.Fatal(wantPs)
	}
	cache := filepath.Join(t.TempDir(), "docs")
	for _, step := range []string{"first", "by stat", "touched", "by sum"} {
		if step == "touched" {
			for _, d := range want.Docs {
				now := time.Now().Add(-time.Minute)
				if err := os.Chtimes(filepath.FromSlash(d.Path), now, now); err != nil {
					t.Fatal(err)
				}
			}
			continue
		}
		c := NewCache(cache, [32]byte{7})
		got, ps := LoadFilesCached(root, tax, c)
		if c.Err != nil || len(ps) > 0 {
			t.Fatalf("%s: %v %v", step, c.Err, ps)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the documents differ from a load's without the cache", step)
		}
		counts := []int64{c.Stat.Load(), c.Hashed.Load(), c.Parsed.Load()}
		n := int64(len(want.Docs))
		wantCounts := map[string][]int64{"first": {0, 0, n}, "by stat": {n, 0, 0}, "by sum": {0, n, 0}}[step]
		if !slices.Equal(counts, wantCounts) {
			t.Errorf("%s: stat, sum, parsed: %v, want %v", step, counts, wantCounts)
		}
		if step == "by stat" {
			// Nothing changed: the cache file is left as it was.
			checkUnwritten(t, cache, func() { LoadFilesCached(root, tax, NewCache(cache, [32]byte{7})) })
		}
	}
	c := NewCache(cache, [32]byte{8})
	if LoadFilesCached(root, tax, c); c.Parsed.Load() != int64(len(want.Docs)) {
		t.Errorf("a cache of another key was used: %d files parsed", c.Parsed.Load())
	}
}

// checkUnwritten fails the test if f writes the file at path.
func checkUnwritten(t *testing.T, path string, f func()) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	f()
	after, _ := os.ReadFile(path)
	fi2, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !os.SameFile(fi, fi2) {
		t.Errorf("%s was written again", path)
	}
}

// strings calls f with every string v reaches.
func eachString(v reflect.Value, f func(string)) {
	switch v.Kind() {
	case reflect.String:
		f(v.String())
	case reflect.Pointer:
		if !v.IsNil() {
			eachString(v.Elem(), f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			eachString(v.Index(i), f)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			return
		}
		for i := range v.NumField() {
			eachString(v.Field(i), f)
		}
	}
}

// A document from the cache keeps no part of the record it was read
// from, not even an empty string (which would keep the whole record, a
// few hundred bytes an entry, alive for the build).
func TestCachedDocKeepsNoRecord(t *testing.T) {
	for _, how := range []string{"full", "empty lists", "nothing"} {
		n := 0
		d := &Doc{Kind: News, Rel: "news/2021/09/a", Slug: "a"}
		if how != "nothing" {
			fill(reflect.ValueOf(&d.Entry).Elem(), &n, how == "full")
		}
		var e enc
		encodeRecord(&e, d, fileStat{})
		rec := string(e.buf)
		got, ok := decodeRecord(rec, "content/", interner{})
		if !ok {
			t.Fatal("the record does not decode")
		}
		doc := got.doc
		start := uintptr(unsafe.Pointer(unsafe.StringData(rec)))
		eachString(reflect.ValueOf(doc).Elem(), func(s string) {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= start && p <= start+uintptr(len(rec)) {
				t.Errorf("%s: %q is part of the record", how, s)
			}
		})
	}
}

// A cache of more records than a worker decodes at once is read back
// whole and in order; a damaged one, wherever the damage, is no cache:
// every file is parsed, and the documents are the same.
func TestLoadCacheManyOrDamaged(t *testing.T) {
	root := cacheFixture(t)
	old := time.Now().Add(-time.Hour)
	for i := range 2500 {
		p := filepath.Join(root, fmt.Sprintf("news/2022/%02d/n%04d.md", i%12+1, i))
		write(t, p, fmt.Sprintf("---\ntitle: \"Item %d\"\ndate: 2022-%02d-03\ntopics: [antitrust]\nentities: [%s]\n---\nBody %d\n", i, i%12+1, []string{"alibaba", "samr"}[i%2], i))
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	tax := rules(t)
	want, ps := LoadFiles(root, tax)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	n := int64(len(want.Docs))
	cache := filepath.Join(t.TempDir(), "docs")
	load := func(step string, stat, parsed int64) {
		t.Helper()
		c := NewCache(cache, [32]byte{7})
		got, _ := LoadFilesCached(root, tax, c)
		if c.Err != nil {
			t.Fatalf("%s: %v", step, c.Err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the documents differ from a load's without the cache", step)
		}
		if got := []int64{c.Stat.Load(), c.Parsed.Load()}; !slices.Equal(got, []int64{stat, parsed}) {
			t.Errorf("%s: stat, parsed: %v, want %v", step, got, []int64{stat, parsed})
		}
	}
	load("first", 0, n)
	load("by stat", n, 0)
	good, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int) []byte {
		b := slices.Clone(good)
		b[at] ^= 0x20
		return b
	}
	for name, bad := range map[string][]byte{
		"half":             good[:len(good)/2],
		"no sum":           good[:len(good)-4],
		"a byte short":     good[:len(good)-1],
		"a byte over":      append(slices.Clone(good), 0),
		"a flipped byte":   flip(len(good) / 2),
		"a flipped length": flip(len(cacheMagic) + 32),
		"a flipped sum":    flip(len(good) - 2),
	} {
		if err := os.WriteFile(cache, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		load(name, 0, n)
	}
}

// A cached document's paths are the ones a parsed one's would be, for
// any way of giving the root, and one string holds all three.
func TestDocPathsFrom(t *testing.T) {
	for _, root := range []string{"content", "content/", "./content", ".", "/", "/srv/site/content", "../site/content"} {
		for _, tc := range []struct{ rel, slug string }{
			{"news/2021/09/a-fine", "news/2021/09/a-fine"},
			{"events/2021-04-10-fine", "fine"},
			{"cases/alibaba-2021", "alibaba-2021"},
			{"about", "elsewhere"}, // a slug the path does not hold
		} {
			display, rel := docPaths(root, tc.rel)
			gotDisplay, gotRel, gotSlug := docPathsFrom(pathPrefix(root), tc.rel, tc.slug)
			if gotDisplay != display || gotRel != rel || gotSlug != tc.slug {
				t.Errorf("root %q, %s: docPathsFrom = %q %q %q, want %q %q %q", root, tc.rel, gotDisplay, gotRel, gotSlug, display, rel, tc.slug)
			}
			within := func(s string) bool {
				start := uintptr(unsafe.Pointer(unsafe.StringData(gotDisplay)))
				p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
				return p >= start && p+uintptr(len(s)) <= start+uintptr(len(gotDisplay))
			}
			if !within(gotRel) || (strings.Contains(tc.rel, tc.slug) && !within(gotSlug)) {
				t.Errorf("root %q, %s: the rel or slug is a string of its own", root, tc.rel)
			}
		}
	}
}
