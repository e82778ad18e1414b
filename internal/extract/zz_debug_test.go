package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestZZDebugCtx(t *testing.T) {
	mode := os.Getenv("ZZ")
	if mode == "" {
		t.Skip()
	}
	root := "/work/shared/corpora/articles-zh"
	gold := loadGold(t, filepath.Join(root, "ground-truth.json"))
	tag := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>|&nbsp;`)
	for _, id := range halfIDs(gold, false) {
		g := gold[id]
		raw := readGz(t, filepath.Join(root, "html", id+".html.gz"))
		src, _ := toUTF8(raw, "")
		txt := collapseSpace(tag.ReplaceAllString(string(src), " "))
		key := g.Author
		if mode == "date" {
			key = g.Date
			if len(key) > 9 {
				key = key[:9]
			}
		}
		if key == "UNKNOWN" || key == "" {
			continue
		}
		i := strings.Index(txt, key)
		fmt.Println("==", id[:8], "gold:", g.Author, "|", g.Date)
		if i >= 0 {
			fmt.Printf("   %q\n", txt[max(0, i-90):min(len(txt), i+60)])
		} else {
			fmt.Println("   NOT FOUND")
		}
	}
}
