package site

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"weak"
)

// TestOldModelsFreed saves entries in the preview many times, their terms
// staying, shrinking, coming and going, and checks that no earlier model
// stays reachable: a rebuilt model takes over the last one's terms (see
// newModel), and must not keep the model before it alive through them.
func TestOldModelsFreed(t *testing.T) {
	for _, mode := range []string{"same terms", "term loses an item", "term comes and goes", "terms alternate"} {
		t.Run(mode, func(t *testing.T) {
			root := project(t)
			ent, _ := os.ReadFile(filepath.Join(root, "feeds/entities.yaml"))
			write(t, root, "feeds/entities.yaml", string(ent)+"  - {id: e0, name: E0, kind: company}\n  - {id: e1, name: E1, kind: company}\n")
			s := mustLoad(t, root)
			news := "content/news/2021/09/links-unblocked-zh.md"
			fresh := "content/news/2021/09/new-term.md"
			data, _ := os.ReadFile(filepath.Join(root, news))
			var models []weak.Pointer[model]
			const n = 11
			for i := 0; i < n; i++ {
				var paths []string
				switch mode {
				case "same terms":
					write(t, root, news, strings.Replace(string(data), "date: 2021-09-13T08", "date: 2021-09-1"+string(rune('3'+i%2))+"T08", 1))
					paths = []string{news}
				case "term loses an item":
					d := string(data)
					if i%2 == 0 {
						d = strings.Replace(d, "entities: [miit, tencent]", "entities: [tencent]", 1)
					}
					write(t, root, news, d)
					paths = []string{news}
				case "terms alternate":
					write(t, root, fresh, "---\ntitle: Zebra\ndate: 2021-09-21\nsource: Other Wire\ntopics: [interoperability]\nentities: [e"+string(rune('0'+i%2))+"]\n---\nBody.\n")
					paths = []string{fresh}
				case "term comes and goes":
					if i%2 == 0 {
						write(t, root, fresh, "---\ntitle: Zebra\ndate: 2021-09-21\nsource: Other Wire\ntopics: [interoperability]\nentities: [samr]\n---\nBody.\n")
					} else {
						os.Remove(filepath.Join(root, fresh))
					}
					paths = []string{fresh}
				}
				if _, err := s.Update(paths); err != nil {
					t.Fatal(err)
				}
				renderAll(t, s)
				s.mu.RLock()
				if len(models) > 0 && models[len(models)-1].Value() == s.b.m {
					t.Errorf("step %d: the model was not rebuilt", i)
				}
				models = append(models, weak.Make(s.b.m))
				s.mu.RUnlock()
			}
			runtime.GC()
			runtime.GC()
			alive := 0
			for _, w := range models[:n-1] {
				if w.Value() != nil {
					alive++
				}
			}
			if alive > 0 {
				t.Errorf("%s: %d of %d earlier models still reachable", mode, alive, n-1)
			}
			runtime.KeepAlive(s)
		})
	}
}
