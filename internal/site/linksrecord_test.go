package site

import (
	"crypto/sha256"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"docket/internal/publish"
)

// A record reads back as it was written, and any other bytes read as
// a record of their own or as none, never a panic or a page linking
// past the record's files.
func FuzzReadLinks(f *testing.F) {
	dir := f.TempDir()
	key := sha256.Sum256([]byte("key"))
	r := &linksRecord{
		files: []linkKey{pathKey("index.html"), pathKey("a/index.html"), pathKey("b.css")},
		whole: map[linkKey][]byte{
			{1}: encodeTargets([]int32{0, 2}), {2}: encodeTargets(nil), {3}: encodeTargets([]int32{0, 1, 2}),
		},
	}
	p := filepath.Join(dir, "links")
	if err := r.write(p, key); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	if got := readLinks(p, key); !reflect.DeepEqual(got, r) {
		f.Fatalf("read back %+v, want %+v", got, r)
	}
	if readLinks(p, sha256.Sum256([]byte("other"))) != nil {
		f.Fatal("a record read under another key")
	}
	f.Add(data)
	f.Add(data[:len(data)-1])
	f.Add([]byte(linksMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "links")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// Bytes fuzzing changes fail the sum; those with a sum made for
		// them test the decoding.
		for _, b := range [][]byte{data, withSum(data)} {
			os.WriteFile(p, b, 0o644)
			got := readLinks(p, key)
			if got == nil {
				continue
			}
			for _, t2 := range got.whole {
				ok := eachTarget(t2, func(i int32) bool {
					if i < 0 || int(i) >= len(got.files) {
						t.Fatalf("a page links to file %d of %d", i, len(got.files))
					}
					return true
				})
				if !ok {
					t.Fatalf("a page's targets do not decode: %x", t2)
				}
			}
		}
	})
}

// withSum is data as a record's body, under the fuzz target's key, with
// its sum after it.
func withSum(data []byte) []byte {
	key := sha256.Sum256([]byte("key"))
	body := append(append([]byte(linksMagic), key[:]...), data...)
	sum := sha256.Sum256(body)
	return append(body, sum[:]...)
}

// A page's record holds for its path and bytes under one base path:
// the same bytes elsewhere, whose relative links lead elsewhere, are
// read, and so is every page under another base path.
func TestCheckRecordedKeys(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, "links")
	file := func(rel, body string) publish.File {
		p := filepath.Join(dir, "site", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return publish.NewFile(filepath.Join(dir, "site"), rel, sha256.Sum256([]byte(body)))
	}
	page := `<a href="x.css">x</a> <a href="/a/x.css">a</a>`
	a, x := file("a/index.html", page), file("a/x.css", "")
	steps := []struct {
		name       string
		files      []publish.File
		base       string
		read       int
		wantBroken []string
	}{
		{"first", []publish.File{a, x}, "/", 1, nil},
		{"again", []publish.File{a, x}, "/", 0, nil},
		{"the same bytes at another path", []publish.File{a, x, file("b/index.html", page)}, "/", 1,
			[]string{`b/index.html: broken link "x.css"`}},
		{"another base path", []publish.File{a, x}, "/docket/", 1,
			[]string{`a/index.html: broken link "/a/x.css"`}},
	}
	for _, s := range steps {
		broken, read, recErr, err := checkRecorded(s.files, s.base, record)
		if err != nil || recErr != nil {
			t.Fatalf("%s: %v, record: %v", s.name, err, recErr)
		}
		if read != s.read || !slices.Equal(broken, s.wantBroken) {
			t.Errorf("%s: read %d pages, broken %q; want %d, %q", s.name, read, broken, s.read, s.wantBroken)
		}
	}
}

// resolve takes a plain path as it is and anything else through
// url.Parse: it gives what these links should give, and what taking
// every link through url.Parse gives (FuzzResolve).
func TestResolve(t *testing.T) {
	const page = "/news/2021/04/x/index.html"
	tests := []struct {
		link, want string
		ok         bool
	}{
		{"../y/", "/news/2021/04/y/", true},
		{"../../../../topics/antitrust/", "/topics/antitrust/", true},
		{"a.png", "/news/2021/04/x/a.png", true},
		{".", "/news/2021/04/x/", true},
		{"/docket/about/", "/about/", true},
		{"/about/", "", true}, // outside the base path: broken
		{"/docket/a/../about/", "/about/", true},
		{"/docket/../about/", "", true},
		{"/docket/.", "/", true},
		{"../y/.", "/news/2021/04/y/", true},
		{"z/..", "/news/2021/04/x/", true},
		{"../../../../../../x", "", true}, // above the base path
		{"/docket//about/", "//about/", true},
		{"/docket/a/%2e%2e/about/", "/about/", true},
		{"/docket/nope//../", "/nope/", true},
		{"../y/?page=2", "/news/2021/04/y/", true},
		{"../y/#top", "/news/2021/04/y/", true},
		{"a%20b.png", "/news/2021/04/x/a b.png", true},
		{"#top", "", false},
		{"", "", false},
		{"mailto:x@example.com", "", false},
		{"https://example.com/", "", false},
		{"//cdn.example/x.js", "", false},
		{"a\x7fb", "", false},
	}
	for _, tt := range tests {
		got, ok := resolve(page, tt.link, "/docket/")
		if got != tt.want || ok != tt.ok {
			t.Errorf("resolve(%q) = %q, %v; want %q, %v", tt.link, got, ok, tt.want, tt.ok)
		}
	}
}

// TestResolveAsBrowsers: resolve gives the path a browser asks for
// (RFC 3986 resolution, as url.ResolveReference does it), less the base
// path, or "" outside it. (Browsers also take "%2e%2e" for "..", as
// resolve does and ResolveReference does not: TestResolve has that.)
func TestResolveAsBrowsers(t *testing.T) {
	links := []string{"../y/", "./", ".", "..", "../..", "../../..", "../../../../../x", "a/./b/../c", "a/b/..",
		"a//b", "a//../b", "/docket//about/", "/docket/nope//../", "/docket/.", "/docket",
		"/docket/../x/", "/x/../docket/about/", "../y/?q#f"}
	for _, base := range []string{"/", "/docket/"} {
		for _, page := range []string{"/index.html", "/news/2021/04/x/index.html", "/about/index.html"} {
			from, err := url.Parse("https://example.org" + base + page[1:])
			if err != nil {
				t.Fatal(err)
			}
			for _, link := range links {
				ref, err := url.Parse(link)
				if err != nil {
					t.Fatal(err)
				}
				want, ok := strings.CutPrefix(from.ResolveReference(ref).Path, base)
				if want = "/" + want; !ok {
					want = ""
				}
				if got, _ := resolve(page, link, base); got != want {
					t.Errorf("%s on %s under %s: %q, a browser %q", link, page, base, got, want)
				}
			}
		}
	}
}

// FuzzResolve: resolve's plain paths, taken without url.Parse, resolve
// as they would through it.
func FuzzResolve(f *testing.F) {
	for _, l := range []string{"../y/", "a%2fb", "x:y", "?q", "#f", "//h/x", "/docket/a/", "/b", "a\x00b", "é/", "a b", ""} {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, link string) {
		for _, base := range []string{"/", "/docket/"} {
			got, ok := resolve("/news/x/index.html", link, base)
			want, wantOK := resolveParsed("/news/x/index.html", link, base)
			if got != want || ok != wantOK {
				t.Fatalf("resolve(%q) under %s = %q, %v; through url.Parse %q, %v", link, base, got, ok, want, wantOK)
			}
		}
	})
}

// resolveParsed is resolve with every link taken through url.Parse.
func resolveParsed(page, link, basePath string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	return sitePath(page, u.Path, basePath), true
}

// A page is streamed for its links, not read whole: a year's archive
// page at a million entries is ~80 MB, and each worker held one.
func TestPageLinksStreams(t *testing.T) {
	dir := t.TempDir()
	var page strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&page, "<p><a href=\"/e/%d/\">entry</a> %s</p>\n", i%3, strings.Repeat("words of a card ", 250))
	}
	page.WriteString(`<img src="missing.png">`)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []publish.File{publish.NewFile(dir, "index.html", [32]byte{})}
	index := map[string]int32{"/": 0}
	for i := range 3 {
		files = append(files, publish.NewFile(dir, fmt.Sprintf("e/%d/index.html", i), [32]byte{}))
		index[fmt.Sprintf("/e/%d/", i)] = int32(i + 1)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	targets, broken, err := pageLinks(files[0], index, "/")
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int32{1, 2, 3}; !slices.Equal(targets, want) {
		t.Errorf("targets %v, want %v", targets, want)
	}
	if want := []string{`index.html: broken link "missing.png"`}; !slices.Equal(broken, want) {
		t.Errorf("broken %q, want %q", broken, want)
	}
	if got, size := after.TotalAlloc-before.TotalAlloc, uint64(page.Len()); got > size/8 {
		t.Errorf("reading a %d-byte page allocated %d bytes", size, got)
	}
}
