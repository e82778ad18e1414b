package fetch

import (
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/content"
	"docket/internal/feed"
)

// FuzzItemPath: whatever title and date a feed sends, the file fetch
// writes stays under content/news/YYYY/MM, with or without the collision
// hash.
func FuzzItemPath(f *testing.F) {
	for _, s := range []string{"Regulator fines platform", "../../etc/passwd", "监管部门要求平台互联互通", "", "a/b\\c", ".", "--", "Ünïcödé …"} {
		f.Add(s, int64(1795000000))
	}
	root := filepath.Join("content")
	f.Fuzz(func(t *testing.T, title string, unix int64) {
		now := time.Unix(1795000000, 0).UTC()
		date := sanitiseDate(time.Unix(unix%(1<<40), 0), now)
		id := feed.ItemID("", "", title, date.Format(time.RFC3339))
		slug := content.Slug(title)
		for _, rel := range []string{content.NewsPath(date, slug), content.NewsPath(date, slug+"-"+id[:6])} {
			if !filepath.IsLocal(filepath.FromSlash(rel)) || path.Clean(rel) != rel {
				t.Fatalf("title %q: path %q is not local", title, rel)
			}
			parts := strings.Split(rel, "/")
			if len(parts) != 4 || parts[0] != "news" || !strings.HasSuffix(parts[3], ".md") || strings.HasPrefix(parts[3], ".") {
				t.Fatalf("title %q: path %q is not news/YYYY/MM/slug.md", title, rel)
			}
			if full := filepath.Join(root, rel); !strings.HasPrefix(full, root+string(filepath.Separator)) {
				t.Fatalf("title %q: %q leaves %q", title, full, root)
			}
		}
	})
}
