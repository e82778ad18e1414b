package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCachedPartsFollowTemplates: the parts rendered once a build and
// reused (the brand and navigation, the footer, each chip) still come
// from templates/: an edit to one shows on every page that has it, with
// its links relative to that page.
func TestCachedPartsFollowTemplates(t *testing.T) {
	for _, tc := range []struct {
		file, old, new string
		page           string
		want           string // must appear on page, count times
		count          int
	}{
		{"partials/chrome.html", `<a class="brand" href="{{.Rel "/"}}">`, `<a class="brand" data-edited href="{{.Rel "/"}}">`,
			"/news/2021/04/marketplace-fined/", `<a class="brand" data-edited href="../../../../">`, 1},
		{"partials/chrome.html", `<a class="brand" href="{{.Rel "/"}}">`, `<a class="brand" data-edited href="{{.Rel "/"}}">`,
			"/", `<a class="brand" data-edited href="./">`, 1},
		{"partials/chrome.html", `<a href="{{.Rel "/status/"}}">Source health</a>`, `<a href="{{.Rel "/status/"}}">Health</a>`,
			"/topics/antitrust/", `<a href="../../status/">Health</a>`, 1},
		{"partials/card.html", `<li><a class="chip {{.Chip.Class}}"`, `<li data-edited><a class="chip {{.Chip.Class}}"`,
			"/news/2021/04/marketplace-fined/", `<li data-edited><a class="chip topic" href="../../../../topics/antitrust/">Antitrust</a></li>`, 1},
		{"partials/card.html", `<li><a class="chip {{.Chip.Class}}"`, `<li data-edited><a class="chip {{.Chip.Class}}"`,
			"/events/regulator-fines-marketplace/", `<li data-edited><a class="chip topic" href="../../topics/antitrust/">`, 1},
	} {
		t.Run(tc.file+tc.page, func(t *testing.T) {
			root := project(t)
			path := filepath.Join(root, "templates", tc.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), tc.old) {
				t.Fatalf("%s lacks %q", tc.file, tc.old)
			}
			write(t, root, "templates/"+tc.file, strings.Replace(string(src), tc.old, tc.new, 1))
			data, err := mustLoad(t, root).Get(tc.page)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(string(data), tc.want); got != tc.count {
				t.Errorf("%s has %q %d times, want %d", tc.page, tc.want, got, tc.count)
			}
		})
	}
}
