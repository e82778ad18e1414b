package extract

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestBadInput(t *testing.T) {
	noise := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(r.IntN(256))
	}
	tests := []struct {
		name    string
		body    []byte
		wantErr error // nil: any result without error
		anyErr  bool  // an error is fine too, but it must say why
	}{
		{"empty", nil, ErrNotHTML, false},
		{"spaces", []byte(" \n\t "), ErrNotHTML, false},
		{"png", append([]byte("\x89PNG\r\n\x1a\n"), noise...), ErrNotHTML, false},
		{"noise", noise, ErrNotHTML, false},
		{"plain text", []byte("just a line of text, no markup at all"), nil, false},
		{"unclosed tags", []byte("<html><body><div><p>Open <b>bold <i>italic <table><tr><td>cell"), nil, false},
		{"deep nesting", []byte(strings.Repeat("<div>", 100000) + "deep" + strings.Repeat("</div>", 100000)), nil, true},
		{"deep inline nesting", []byte(strings.Repeat("<span><b>", 50000) + "deep"), nil, true},
		{"nul bytes in markup", []byte("<html><body><p>a\x00b</p></body></html>"), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(tt.body, "", "https://example.com/")
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			case err != nil && !tt.anyErr:
				t.Fatalf("unexpected error: %v", err)
			case err != nil:
				if !strings.HasPrefix(err.Error(), "extract: ") {
					t.Fatalf("error without context: %v", err)
				}
			default:
				assertSafe(t, a)
				if a.Usable("") {
					t.Errorf("gate accepted %q", a.Text)
				}
			}
		})
	}
}

// TestBinaryKinds checks that binary input names its content type and
// that a PDF is recognisable as a primary document, whatever the server
// declared; text with a few stray control bytes is still text.
func TestBinaryKinds(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, make([]byte, 64)...)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(zhText))
	if err != nil {
		t.Fatal(err)
	}
	strayControls := append([]byte("<text id=\"x\" title=\"t\"><!-- ad:N\x02AS\x02ST1\x02ST2 -->\n<p>"), gbk...)
	tests := []struct {
		name, contentType string
		body              []byte
		wantType          string // "": not binary
		document          bool
	}{
		{"pdf", "application/pdf", pdf, "application/pdf", true},
		{"pdf served as html", "text/html", pdf, "application/pdf", true},
		{"jpeg", "", jpeg, "image/jpeg", false},
		{"octet noise declared png", "image/png", []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08 abc"), "image/png", false},
		{"error page served as pdf", "application/pdf", []byte("<html><body><p>Not found</p></body></html>"), "", false},
		// A script's stray output before the file (PDF readers look for
		// the signature in the first kilobyte).
		{"pdf after a blank line", "application/pdf", append([]byte("\r\n"), pdf...), "application/pdf", true},
		{"pdf after a byte order mark", "", append([]byte("\xef\xbb\xbf"), pdf...), "application/pdf", true},
		{"text pdf after white space", "application/octet-stream", []byte("\n\n%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + strings.Repeat("BT /F1 12 Tf (Text) Tj ET\n", 40)), "application/pdf", true},
		{"page about the pdf signature", "text/html", []byte("<html><body><p>A file starts with %PDF-1.7 and a binary comment.</p></body></html>"), "", false},
		{"stray controls in gbk text", "", strayControls, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Extract(tt.body, tt.contentType, "https://example.com/doc")
			var be *BinaryError
			switch {
			case tt.wantType == "" && err != nil:
				t.Fatalf("text refused: %v", err)
			case tt.wantType == "":
				return
			case !errors.As(err, &be) || !errors.Is(err, ErrNotHTML):
				t.Fatalf("err = %v, want a BinaryError", err)
			case be.ContentType != tt.wantType:
				t.Errorf("content type %q, want %q", be.ContentType, tt.wantType)
			}
			if got := errors.Is(err, ErrDocument); got != tt.document {
				t.Errorf("errors.Is(err, ErrDocument) = %v", got)
			}
		})
	}
}

// TestHugePage checks that a 50 MB page is cut to the cap and still gives
// a result. How long it takes is BenchmarkHugePage's to say; a hang shows
// as the test binary's timeout.
func TestHugePage(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 50 MB")
	}
	a, err := Extract(hugePage(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Text) == 0 || len(a.Text) > DefaultMaxBytes {
		t.Errorf("text length %d", len(a.Text))
	}
}

func BenchmarkHugePage(b *testing.B) {
	page := hugePage()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := Extract(page, "", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// hugePage is a 50 MB article page.
func hugePage() []byte {
	para := "<p>" + strings.Repeat("Regulators weighed in on the merger, again and again. ", 20) + "</p>\n"
	return []byte("<html><body><article>" + strings.Repeat(para, 50<<20/len(para)) + "</article></body></html>")
}

func TestUsable(t *testing.T) {
	story := `<html><body><nav><a href="/a">Home</a> <a href="/b">World</a></nav><article>
<p>The competition authority fined the search company for favouring its own shopping service in results, the largest fine it has imposed on a technology firm.</p>
<p>The company said it would appeal the decision and argued that its results had helped shoppers find products more quickly than rival comparison sites.</p>
<p>Rivals that had complained about the practice welcomed the decision and asked the authority to check that the remedy would be enforced quickly.</p>
</article></body></html>`
	nav := `<html><body><div class="content"><ul>` + strings.Repeat(`<li><a href="/x">A headline about something else entirely happening today</a></li>`, 30) + `</ul></div></body></html>`
	short := `<html><body><article><p>The authority fined the company on Monday.</p></article></body></html>`
	var digest strings.Builder // a morning's briefing: each item a linked headline and a line on it
	digest.WriteString(`<html><body><article><h1>Ten things in tech today</h1>`)
	for i := range 10 {
		fmt.Fprintf(&digest, `<p>%d. <a href="/n%d">The regulator opened a case against a platform</a>. The company said it would cooperate, and rivals asked for a quick decision.</p>`, i+1, i)
	}
	digest.WriteString(`</article></body></html>`)
	tests := []struct {
		name, page, summary string
		want                bool
	}{
		{"story, matching summary", story, "Competition authority fines search company for favouring its own shopping service.", true},
		{"story, no summary", story, "", true},
		{"story, unrelated summary", story, "Heavy rain closed schools and roads across the northern provinces on Tuesday.", false},
		{"story, summary in html", story, "<p>The <b>competition authority</b> fined the search company over its shopping service.</p>", true},
		{"navigation", nav, "", false},
		// A digest, 4 parts in 10 links: better than no body, not than the feed's summary.
		{"digest, no summary", digest.String(), "", true},
		{"digest, summary", digest.String(), "Ten things in tech today: the regulator opens a case against a platform.", false},
		{"too short", short, "", false},
		{"shorter than summary", short, strings.Repeat("The authority fined the company on Monday. ", 5), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(tt.page), "", "https://example.com/")
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Usable(tt.summary); got != tt.want {
				t.Errorf("Usable = %v, want %v (confidence %.2f, text %q)", got, tt.want, a.Confidence, a.Text)
			}
		})
	}
	var nilArticle *Article
	if nilArticle.Usable("") {
		t.Error("nil article usable")
	}
}

func TestOverlapCJK(t *testing.T) {
	text := "记者从有关部门获悉，主管部门要求各大互联网平台解除对其他平台网址链接的屏蔽。"
	if o := overlap("主管部门要求平台解除网址链接屏蔽", text); o < minSummaryOverlap {
		t.Errorf("related Chinese summary overlap %.2f", o)
	}
	if o := overlap("今天北方大部分地区有暴雨天气", text); o >= minSummaryOverlap {
		t.Errorf("unrelated Chinese summary overlap %.2f", o)
	}
}

// FuzzExtract feeds arbitrary bytes to the extractor: it must never panic,
// and whatever it returns must be free of scripts, styles, frames, event
// handlers and unsafe URLs, in valid UTF-8.
func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.html"))
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "", "https://example.com/dir/page")
		}
	}
	f.Add([]byte(`<a href="java&#x73;cript:x">x</a><img src=" data:x" onerror=x>`), "text/html; charset=utf-16", "")
	f.Add([]byte("<meta charset=gb2312><p>\xd6\xd0\xce\xc4</p>"), "", "http://[::1]:namedport")
	f.Add([]byte("<base href=\"//cdn.example.com/x/\"><svg><p><style><img src=x onerror=alert(1)></style>"), "", "")
	x, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType, pageURL string) {
		a, err := x.Extract(body, contentType, pageURL)
		if err != nil {
			return
		}
		assertSafe(t, a)
		for _, s := range []string{a.HTML, a.Markdown, a.Text, a.Title} {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 %q", s)
			}
		}
	})
}

// TestConcurrent shares one Extractor between goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.html"))
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for _, p := range pages {
		go func() {
			b, err := os.ReadFile(p)
			if err == nil {
				_, err = x.Extract(b, "", "https://example.com/")
			}
			done <- err
		}()
	}
	for range pages {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
