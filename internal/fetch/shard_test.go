package fetch

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"docket/internal/sources"
)

// TestShardsMergeLikeOneRun fetches a project once whole and once as four
// shards, each on its own copy as on four CI runners, merged after: the
// content and feeds/state.json and feeds/removed.yaml must be the same.
// The second round has new items and a deleted file to tombstone.
func TestShardsMergeLikeOneRun(t *testing.T) {
	var round atomic.Int32
	srcs := &sources.Sources{}
	for h := range 3 {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			items := 2 + 2*int(round.Load())
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>S</title><link>https://s.example/</link>`)
			for j := range items {
				fmt.Fprintf(w, `<item><title>Story %d of %s on host %d</title><link>https://s%d.example%s/%d</link><pubDate>Tue, 24 Nov 2026 %02d:00:00 +0000</pubDate><description>Summary %d.</description></item>`,
					j, r.URL.Path, h, h, r.URL.Path, j, j, j)
			}
			fmt.Fprint(w, `</channel></rss>`)
		}))
		t.Cleanup(srv.Close)
		for k := range 4 {
			srcs.Feeds = append(srcs.Feeds, sources.Source{
				ID: fmt.Sprintf("feed-%d-%d", h, k), URL: fmt.Sprintf("%s/f%d", srv.URL, k), Title: "F",
				Kind: sources.KindPress, Select: sources.SelectAll, Extract: sources.ExtractSummary,
				MinInterval: time.Hour, BackfillDays: 30,
			})
		}
	}
	for i := 1; i <= 4; i++ {
		if !slices.ContainsFunc(srcs.Feeds, func(s sources.Source) bool { return (sources.Shard{I: i, N: 4}).Has(s.ID) }) {
			t.Fatalf("shard %d of 4 has no feed: pick other IDs", i)
		}
	}

	// Round 0, whole: the project as the last run left it, one file deleted since.
	base := t.TempDir()
	fetchInto(t, base, srcs, sources.Shard{})
	news := newsFiles(t, filepath.Join(base, "content", "news"))
	if len(news) != 24 {
		t.Fatalf("%d files after the first run, want 24", len(news))
	}
	if err := os.Remove(filepath.Join(base, "content", "news", filepath.FromSlash(slices.Sorted(maps.Keys(news))[5]))); err != nil {
		t.Fatal(err)
	}
	round.Store(1)

	whole := copyTree(t, base)
	fetchInto(t, whole, srcs, sources.Shard{})

	merged := copyTree(t, base)
	for i := 1; i <= 4; i++ {
		sh := sources.Shard{I: i, N: 4}
		runner := copyTree(t, base)
		fetchInto(t, runner, srcs, sh)
		// What a CI job uploads: content/news and its shard files.
		for rel, data := range newsFiles(t, runner) {
			if strings.HasPrefix(rel, "content/news/") || strings.Contains(rel, ".shard-") {
				path := filepath.Join(merged, filepath.FromSlash(rel))
				if err := errors.Join(os.MkdirAll(filepath.Dir(path), 0o755), os.WriteFile(path, []byte(data), 0o644)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	n, err := sources.MergeShards(filepath.Join(merged, "feeds", "state.json"), filepath.Join(merged, "feeds", "removed.yaml"))
	if err != nil || n != 4 {
		t.Fatalf("merge: %d, %v", n, err)
	}
	got, want := newsFiles(t, merged), newsFiles(t, whole)
	if !strings.Contains(want["feeds/removed.yaml"], "Story") {
		t.Fatalf("the deleted file was not tombstoned:\n%s", want["feeds/removed.yaml"])
	}
	for _, rel := range slices.Sorted(maps.Keys(want)) {
		if got[rel] != want[rel] {
			t.Errorf("%s differs from one run's:\n%s\nwant:\n%s", rel, got[rel], want[rel])
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s: not in one run's tree", rel)
		}
	}
}

// fetchInto runs fetch on the project at root as the pipeline does: state
// and tombstones read from feeds/, saved to the shard's files.
func fetchInto(t *testing.T, root string, srcs *sources.Sources, sh sources.Shard) {
	t.Helper()
	statePath, removedPath := filepath.Join(root, "feeds", "state.json"), filepath.Join(root, "feeds", "removed.yaml")
	if err := os.MkdirAll(filepath.Dir(statePath), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := sources.LoadState(statePath)
	if err != nil {
		t.Fatal(err)
	}
	rm, err := sources.LoadRemoved(removedPath)
	if err != nil {
		t.Fatal(err)
	}
	runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, State: st, Removed: rm, Shard: sh, Force: true})
	if err := rm.Save(sh.Path(removedPath)); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(sh.Path(statePath)); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the project at root to a new folder, as a checkout.
func copyTree(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "project")
	if err := os.CopyFS(dir, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	return dir
}
