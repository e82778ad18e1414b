package publish

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// publishedSite writes pages into parent/public as a build does and
// returns the folder and what the next build is to know of each page.
func publishedSite(t *testing.T, parent string, pages map[string]string) (string, map[string]Kept) {
	t.Helper()
	out := filepath.Join(parent, "public")
	os.MkdirAll(out, 0o755)
	w := NewWriter(out, false)
	kept := map[string]Kept{}
	for p, data := range pages {
		k, ok, err := w.WriteKept(p, []byte(data))
		if err != nil || !ok {
			t.Fatalf("write %s: %v, %v", p, ok, err)
		}
		kept[p] = k
	}
	return out, kept
}

// nextBuild is a Writer of the next build of out, into dir.
func nextBuild(out, dir string, reuse bool) *Writer {
	os.MkdirAll(dir, 0o755)
	w := NewWriter(dir, reuse)
	w.prev = out
	return w
}

// TestKeepSameSizeEdit: a page edited in place to other bytes of the
// same size, its modification time put back (touch -r), is not kept:
// the new site would hold the edit while build.json hashed the page.
func TestKeepSameSizeEdit(t *testing.T) {
	parent := t.TempDir()
	out, kept := publishedSite(t, parent, map[string]string{"/a/": "the page"})
	p := filepath.Join(out, "a", "index.html")
	fi, _ := os.Stat(p)
	time.Sleep(20 * time.Millisecond) // the change time moves on the file system's clock tick
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("THE PAGE")
	f.Close()
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	w := nextBuild(out, filepath.Join(parent, "next"), false)
	if _, ok := w.Keep("/a/", kept["/a/"]); ok {
		t.Error("a page edited to the same size, its time put back, was kept")
	}
}

// TestKeepRestoredCopy: a page restored as a new file (a CI cache) is
// kept without being read when it has the recorded size and time (to the
// second where the copy's time has no fraction, as tar's); otherwise once
// it hashes to the recorded sum.
func TestKeepRestoredCopy(t *testing.T) {
	hourAgo := func(time.Time) time.Time { return time.Now().Add(-time.Hour) }
	same := func(m time.Time) time.Time { return m }
	for _, tt := range []struct {
		name, data string
		mtime      func(recorded time.Time) time.Time
		ok         bool
	}{
		{"same bytes, another time", "the page", hourAgo, true},
		{"other bytes, another time", "THE PAGE", hourAgo, false},
		// rsync's quick check: size and time say it is the page.
		{"other bytes, the recorded time", "THE PAGE", same, true},
		{"other bytes, the recorded time to the second", "THE PAGE", func(m time.Time) time.Time { return m.Truncate(time.Second) }, true},
		{"other bytes, another fraction of the second", "THE PAGE", func(m time.Time) time.Time { return m.Truncate(time.Second).Add(1) }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out, kept := publishedSite(t, parent, map[string]string{"/a/": "the page"})
			p := filepath.Join(out, "a", "index.html")
			restored := p + ".restored"
			os.WriteFile(restored, []byte(tt.data), 0o644)
			then := tt.mtime(time.Unix(0, kept["/a/"].MTime))
			if err := errors.Join(os.Chtimes(restored, then, then), os.Rename(restored, p)); err != nil {
				t.Fatal(err)
			}
			w := nextBuild(out, filepath.Join(parent, "next"), false)
			if _, ok := w.Keep("/a/", kept["/a/"]); ok != tt.ok {
				t.Errorf("kept: %v, want %v", ok, tt.ok)
			}
		})
	}
}
