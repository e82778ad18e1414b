package serve

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/site"
)

const deadline = 5 * time.Second

// project copies the site package's fixture and the shipped templates.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for src, dst := range map[string]string{"../site/testdata/site": dir, "../../templates": filepath.Join(dir, "templates")} {
		if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// harness is a running server and one browser listening for reloads.
type harness struct {
	t       *testing.T
	root    string
	url     string
	reloads chan string
}

func start(t *testing.T, poll time.Duration) *harness {
	t.Helper()
	h := &harness{t: t, root: project(t), reloads: make(chan string, 16)}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Root: h.root, Addr: "127.0.0.1:0", Poll: poll, Ready: func(u string) { ready <- u },
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	select {
	case h.url = <-ready:
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	h.listen(ctx)
	return h
}

// listen connects an SSE client and waits until it is registered.
func (h *harness) listen(ctx context.Context) {
	req, _ := http.NewRequestWithContext(ctx, "GET", h.url+"_docket/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	sc := bufio.NewScanner(resp.Body)
	if !sc.Scan() { // "retry: …" arrives once the client is registered
		h.t.Fatal("no SSE preamble")
	}
	go func() {
		defer resp.Body.Close()
		event := ""
		for sc.Scan() {
			line := sc.Text()
			if e, ok := strings.CutPrefix(line, "event: "); ok {
				event = e
			}
			if d, ok := strings.CutPrefix(line, "data: "); ok && event == "reload" {
				h.reloads <- d
			}
		}
	}()
}

func (h *harness) get(path string) (int, string) {
	resp, err := http.Get(h.url + strings.TrimPrefix(path, "/"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// expect waits for a reload event, then for path to answer with want in
// its body (and status), failing after the deadline.
func (h *harness) expect(path string, status int, want string) {
	h.t.Helper()
	select {
	case <-h.reloads:
	case <-time.After(deadline):
		h.t.Fatalf("no reload event within %s (waiting for %q on %s)", deadline, want, path)
	}
	end := time.Now().Add(deadline)
	for {
		code, body := h.get(path)
		if code == status && strings.Contains(body, want) {
			return
		}
		if time.Now().After(end) {
			h.t.Fatalf("%s: status %d, want %d with %q; body:\n%.600s", path, code, status, want, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *harness) write(rel, s string) {
	h.t.Helper()
	p := filepath.Join(h.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// renameSave saves as vim, VS Code and JetBrains do: write a temporary
// file beside the target, then rename it over the target.
func (h *harness) renameSave(rel, s string) {
	h.t.Helper()
	p := filepath.Join(h.root, filepath.FromSlash(rel))
	tmp := p + "___jb_tmp___"
	h.write(strings.TrimPrefix(tmp, h.root+"/"), s)
	if err := os.Rename(tmp, p); err != nil {
		h.t.Fatal(err)
	}
}

const entry = "---\ntitle: %s\ndate: 2021-09-15\ntopics: [interoperability]\n---\n\nBody.\n"

// watchModes are the ways the server sees edits: file events, polling.
var watchModes = []struct {
	name string
	poll time.Duration
}{{"fsnotify", 0}, {"poll", 50 * time.Millisecond}}

func TestLiveEdits(t *testing.T) {
	for _, mode := range watchModes {
		t.Run(mode.name, func(t *testing.T) {
			h := start(t, mode.poll)
			if code, body := h.get("/"); code != 200 || !strings.Contains(body, EventsPath) {
				t.Fatalf("home: %d, reload script missing", code)
			}
			rel := "content/news/2021/09/live.md"

			h.write(rel, strings.Replace(entry, "%s", "Created live", 1))
			h.expect("/news/2021/09/live/", 200, "Created live")
			h.expect2("/", "Created live")

			h.write(rel, strings.Replace(entry, "%s", "Edited live", 1))
			h.expect("/news/2021/09/live/", 200, "Edited live")

			h.renameSave(rel, strings.Replace(entry, "%s", "Saved by rename", 1))
			h.expect("/news/2021/09/live/", 200, "Saved by rename")

			os.Remove(filepath.Join(h.root, rel))
			h.expect("/news/2021/09/live/", 404, "Not found")

			h.write("content/news/2022/01/fresh.md", strings.Replace(entry, "%s", "In a new folder", 1))
			h.expect("/news/2022/01/fresh/", 200, "In a new folder")

			h.write("content/news/2022/01/fresh.md", "---\ntitle: [broken\n---\n")
			h.expect("/", 500, "fresh.md:2:")
			h.expect2("/topics/", "fresh.md:2:") // every page shows the error
			h.write("content/news/2022/01/fresh.md", strings.Replace(entry, "%s", "Fixed again", 1))
			h.expect("/news/2022/01/fresh/", 200, "Fixed again")

			card := "templates/partials/card.html"
			good, _ := os.ReadFile(filepath.Join(h.root, card))
			h.write(card, string(good)+"{{end}}")
			h.expect("/", 500, "card.html:")
			h.write(card, string(good))
			h.expect("/", 200, "Fixture tracker")
		})
	}
}

// expect2 checks a second page after the same reload.
func (h *harness) expect2(path, want string) {
	h.t.Helper()
	if _, body := h.get(path); !strings.Contains(body, want) {
		h.t.Fatalf("%s lacks %q", path, want)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"entry.md": false, "entry.md~": true, ".entry.md.swp": true, "4913": true, "#entry.md#": true,
		".DS_Store": true, "entry.md___jb_tmp___": true, "style.css": false, ".tmp-123": true, ".entry.md.tmp-8f3a21": true,
	} {
		if ignored(name) != want {
			t.Errorf("ignored(%q) = %v", name, !want)
		}
	}
}

// TestForeignHostRefused: a request naming another host (a page whose
// DNS name was rebound to 127.0.0.1) is refused on every path, drafts
// and data included; localhost and 127.0.0.1 are served.
func TestForeignHostRefused(t *testing.T) {
	h := start(t, 0)
	get := func(host, path string) int {
		req, _ := http.NewRequest("GET", h.url+path, nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	port := h.url[strings.LastIndex(h.url, ":")+1 : len(h.url)-1]
	for _, path := range []string{"", "data/items.json", "assets/style.css"} {
		if code := get("rebind.attacker.example:"+port, path); code != http.StatusForbidden {
			t.Errorf("/%s for a foreign host: %d, want 403", path, code)
		}
		for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "LOCALHOST.:" + port, "app.localhost:" + port} {
			if code := get(host, path); code != http.StatusOK {
				t.Errorf("/%s for %s: %d, want 200", path, host, code)
			}
		}
	}
}

func TestPortInUse(t *testing.T) {
	h := start(t, 0)
	addr := strings.TrimSuffix(strings.TrimPrefix(h.url, "http://"), "/")
	err := Run(context.Background(), Options{Root: h.root, Addr: addr})
	if err == nil || !strings.Contains(err.Error(), "--addr") {
		t.Fatalf("err = %v, want a hint about --addr", err)
	}
}

// TestBuildHasNoReloadScript: nothing of the preview server is published,
// neither the live-reload script nor the review queue and its page.
func TestBuildHasNoReloadScript(t *testing.T) {
	root := project(t)
	queued(t, root)
	if _, err := site.Build(site.Options{Root: root}); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(filepath.Join(root, "public"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		if strings.HasSuffix(p, ".html") {
			n++
			if strings.Contains(string(b), EventsPath) {
				t.Errorf("%s carries the live-reload script", p)
			}
		}
		if strings.Contains(p, "_review") || strings.Contains(string(b), ReviewPath) || strings.Contains(string(b), queuedTitle) {
			t.Errorf("%s shows the review queue", p)
		}
		return nil
	})
	if n == 0 {
		t.Fatal("the build wrote no pages")
	}
}

func TestAssets(t *testing.T) {
	h := start(t, 0)
	h.write("templates/assets/.secret", "x")
	h.write("templates/assets/style.css~", "x")
	h.write("templates/assets/.git/config", "x")
	// Links are refused, inside the project or out, as are special files.
	assets := filepath.Join(h.root, "templates", "assets")
	for name, target := range map[string]string{"etc": "/etc", "config": filepath.Join(h.root, "content", "site.yaml"), "zero": "/dev/zero"} {
		if err := os.Symlink(target, filepath.Join(assets, name)); err != nil {
			t.Fatal(err)
		}
	}
	for path, want := range map[string]int{
		"/assets/style.css": 200, "/assets/": 404, "/assets/.secret": 404, "/assets/../content/site.yaml": 404, "/assets/nope.css": 404,
		"/assets/etc/passwd": 404, "/assets/config": 404, "/assets/zero": 404,
		"/assets/style.css~": 404, "/assets/.git/config": 404,
	} {
		if code, _ := h.get(path); code != want {
			t.Errorf("%s: %d, want %d", path, code, want)
		}
	}
}

// TestFolderComesBack: a watched folder moved away and back (restored
// from a backup, say) is watched again, and the site comes back; the
// root's other files (a build's public/) reload nothing.
func TestFolderComesBack(t *testing.T) {
	for _, mode := range watchModes {
		t.Run(mode.name, func(t *testing.T) {
			h := start(t, mode.poll)
			content := filepath.Join(h.root, "content")
			if err := os.Rename(content, content+".away"); err != nil {
				t.Fatal(err)
			}
			h.expect("/", 500, "content")
			if err := os.Rename(content+".away", content); err != nil {
				t.Fatal(err)
			}
			h.expect("/", 200, "Fixture tracker")
			h.write("public/index.html", "built")
			select {
			case d := <-h.reloads:
				t.Errorf("a file in public/ reloaded the browser (%s)", d)
			case <-time.After(300 * time.Millisecond):
			}
		})
	}
}

// TestAssetLinkShown: a link put among the assets while the preview runs
// shows as the error a build would stop on, naming it; removed, the site
// comes back.
func TestAssetLinkShown(t *testing.T) {
	h := start(t, 0)
	link := filepath.Join(h.root, "templates", "assets", "link.css")
	if err := os.Symlink("style.css", link); err != nil {
		t.Fatal(err)
	}
	h.expect("/", 500, "link.css")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	h.expect("/", 200, "Fixture tracker")
}

// TestSettingsGone: content/site.yaml deleted while the preview runs is
// an error page, as build and check refuse the folder then, not a site
// with default settings; put back, the site comes back.
func TestSettingsGone(t *testing.T) {
	h := start(t, 0)
	path := filepath.Join(h.root, "content", "site.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	h.expect("/", 500, "content/site.yaml is missing")
	h.write("content/site.yaml", string(data))
	h.expect("/", 200, "Fixture tracker")
}
