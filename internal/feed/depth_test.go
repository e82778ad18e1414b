package feed

import (
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestDeepFeedRefused: gofeed reads an element of a foreign namespace by
// recursing once a level, and a stack overflow is fatal, past Parse's
// recover: two million unclosed elements ended a whole fetch. Parsed in a
// child process with the stack limit lowered to 32 MB, so that 300,000
// levels show the crash without the check; with it, an error.
func TestDeepFeedRefused(t *testing.T) {
	if os.Getenv("DOCKET_DEEP_CHILD") == "1" {
		debug.SetMaxStack(32 << 20)
		body := `<?xml version="1.0"?><rss version="2.0"><channel><title>D</title><link>https://d.example/</link>` +
			`<item><title>Deep</title><link>https://d.example/1</link><x xmlns="http://e.example/">` +
			strings.Repeat("<a>", 300000)
		if _, err := Parse([]byte(body), Options{URL: "https://d.example/feed", Now: time.Now()}); err == nil || !strings.Contains(err.Error(), "nested") {
			t.Errorf("err %v, want one about the nesting", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDeepFeedRefused$")
	cmd.Env = append(os.Environ(), "DOCKET_DEEP_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		i := strings.Index(string(out), "fatal error")
		t.Fatalf("child: %v: %.300s", err, out[max(i, 0):])
	}
}

func TestCheckDepth(t *testing.T) {
	deep := func(open string, n int) string { return "<rss>" + strings.Repeat(open, n) + "</rss>" }
	tests := []struct {
		name, doc string
		ok        bool
	}{
		{"at the limit", deep("<a>", maxDepth-1), true},
		{"past it", deep("<a>", maxDepth), false},
		{"closed as it goes", deep("<a></a>", 3*maxDepth), true},
		{"self-closing", deep(`<a href="x"/>`, 3*maxDepth), true},
		{"in a comment", "<rss><!--" + strings.Repeat("<a>", 2*maxDepth) + "--></rss>", true},
		{"in CDATA", "<rss><![CDATA[" + strings.Repeat("<a>", 2*maxDepth) + "]]></rss>", true},
		{"quoted >", deep(`<a title="x>y"/>`, 3*maxDepth), true},
		{"JSON Feed", `{"items": [{"content_html": "` + strings.Repeat("<p>", 2*maxDepth) + `"}]}`, true},
		{"unclosed tag at the end", "<rss><a title=\"", true},
		// Raw HTML in descriptions leaves void elements open; gofeed
		// closes them itself.
		{"void elements", deep("<br>", 3*maxDepth), true},
		{"void elements with attributes", deep(`<img src="x.png"><BR class=x><hr/>`, 3*maxDepth), true},
	}
	for _, tt := range tests {
		if err := checkDepth([]byte(tt.doc)); (err == nil) != tt.ok {
			t.Errorf("%s: err %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

// TestRawBreaksParse: a feed whose descriptions hold thousands of raw,
// unclosed <br> in all parses, as it did before the depth check.
func TestRawBreaksParse(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://x.example/</link>`)
	for i := range 60 {
		fmt.Fprintf(&b, `<item><title>Item %d</title><link>https://x.example/%d</link><description>line%s</description></item>`, i, i, strings.Repeat("<br>line", 80))
	}
	b.WriteString(`</channel></rss>`)
	f, err := Parse([]byte(b.String()), Options{URL: "https://x.example/feed", Now: time.Now()})
	if err != nil || len(f.Items) != 60 {
		t.Fatalf("Parse: %v", err)
	}
}
