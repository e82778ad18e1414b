package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
	"weak"

	"docket/internal/content"
	"docket/internal/cputime"

	"docket/internal/golden"
	"docket/internal/story"
)

// BenchmarkUpdateNewEntry is a fetched or new item in the preview at
// 10,000 entries: re-read, index, place it in its story.
func BenchmarkUpdateNewEntry(b *testing.B) {
	root := synthProject(b, 10000)
	s := loadSynth(b, root)
	i := 0
	var cpu, wall time.Duration
	for b.Loop() {
		i++
		rel := "news/2021/09/bench-new-" + strconv.Itoa(i)
		os.MkdirAll(filepath.Join(root, "content/news/2021/09"), 0o755)
		os.WriteFile(filepath.Join(root, "content", rel+".md"), []byte("---\ntitle: Alibaba apps start offering WeChat Pay\ndate: 2021-09-28\nsource: Bench\n---\nBody.\n"), 0o644)
		c, w := cputime.Used(), time.Now()
		if _, err := s.Update([]string{"content/" + rel + ".md"}); err != nil {
			b.Fatal(err)
		}
		cpu, wall = cpu+cputime.Used()-c, wall+time.Since(w)
	}
	// The update alone, without writing the file; CPU time (GC workers
	// included) is steadier than the wall clock on a shared machine.
	b.ReportMetric(float64(wall.Microseconds())/1000/float64(b.N), "update-ms/op")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "update-cpu-ms/op")
}

// A new report saved in the preview joins the story of its event.
func TestUpdateJoinsStory(t *testing.T) {
	root := t.TempDir()
	golden.CopyTree(t, "testdata/site", root)
	golden.CopyTree(t, "../../templates", filepath.Join(root, "templates"))
	s, err := Load(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "content/news/2021/04/second-report.md")
	if err := os.WriteFile(file, []byte("---\ntitle: Second report\ndate: 2021-04-11\nstory: 2021-04-10-regulator-fines-marketplace\n---\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update([]string{"content/news/2021/04/second-report.md"}); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stories()
	if len(st) != 1 || st[0].N() != 3 {
		t.Fatalf("stories after the save: %d, want one of 3 reports", len(st))
	}
	if _, err := s.Get("/stories/2021-04-10-regulator-fines-marketplace/"); err != nil {
		t.Fatal(err)
	}
}

// storyMembers is a site's stories as "ID: member member …" lines.
func storyMembers(t *testing.T, s *Site) []string {
	t.Helper()
	sts, err := s.Stories()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, st := range sts {
		line := st.ID + ":"
		for _, it := range st.Items {
			line += " " + it.Rel
		}
		out = append(out, line)
	}
	return out
}

// The preview's stories after saves, new reports and deletions are
// nearly those a fresh load of the same files makes, and once settled
// exactly those.
func TestUpdateStoriesAsLoad(t *testing.T) {
	root := synthProject(t, 1500)
	s := loadSynth(t, root)
	if len(storyMembers(t, s)) == 0 {
		t.Fatal("the synthetic site has no story of several reports")
	}
	var rels []string
	for rel, d := range s.docs {
		if d.Kind == content.News {
			rels = append(rels, rel)
		}
	}
	slices.Sort(rels)
	// Update clusters again only near the saves, with weights that are
	// the whole archive's (see Settle): a report near the threshold may
	// join differently until the preview settles, never many.
	check := func(step string) {
		t.Helper()
		fresh, err := Load(Options{Root: root})
		if err != nil {
			t.Fatal(err)
		}
		want := storyMembers(t, fresh)
		got := storyMembers(t, s)
		if d := len(symDiff(got, want)); d > max(2, len(want)/50) {
			t.Fatalf("%s: %d lines of %d stories differ from a fresh load's:\n%s", step, d, len(want), strings.Join(symDiff(got, want), "\n"))
		}
		if _, err := s.Settle(); err != nil {
			t.Fatal(err)
		}
		if got := storyMembers(t, s); !slices.Equal(got, want) {
			t.Fatalf("%s: settled, the preview's stories differ from a fresh load's:\n%s\nwant:\n%s", step, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	for i, rel := range rels[:25:25] {
		file := filepath.Join(root, "content", rel+".md")
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var changed []string
		switch i % 5 {
		case 0: // a syndicated copy comes in
			copyRel := rel + "-copy"
			os.WriteFile(filepath.Join(root, "content", copyRel+".md"), bytes.Replace(src, []byte("\nsource: "), []byte("\nsource: Copy "), 1), 0o644)
			changed = append(changed, "content/"+copyRel+".md")
		case 1: // a report is deleted
			os.Remove(file)
			changed = append(changed, "content/"+rel+".md")
		case 2: // a report moves three days on: out of its story or into one
			date := regexp.MustCompile(`(?m)^date: (\S+)$`)
			m := date.FindSubmatch(src)
			d, err := time.Parse(time.RFC3339, string(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			src = date.ReplaceAll(src, []byte("date: "+d.Add(72*time.Hour).Format(time.RFC3339)))
			if err := os.WriteFile(file, src, 0o644); err != nil {
				t.Fatal(err)
			}
			changed = append(changed, "content/"+rel+".md")
		case 4: // an editor retitles a report as another of its day
			other := rels[(i+1)%len(rels)]
			title := regexp.MustCompile(`(?m)^title: .*$`)
			osrc, err := os.ReadFile(filepath.Join(root, "content", other+".md"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(file, title.ReplaceAll(src, title.Find(osrc)), 0o644)
			changed = append(changed, "content/"+rel+".md")
		case 3: // an editor splits a report out
			os.WriteFile(file, bytes.Replace(src, []byte("\n---\n"), []byte("\nstory: own\n---\n"), 1), 0o644)
			changed = append(changed, "content/"+rel+".md")
		}
		if _, err := s.Update(changed); err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("step %d (%s)", i, changed[0]))
	}
	// An editor pins a report of another year to a story: the story is
	// clustered again with it, however far apart they are.
	target := s.docs[rels[len(rels)-1]].StoryID()
	os.MkdirAll(filepath.Join(root, "content/news/2031/01"), 0o755)
	os.WriteFile(filepath.Join(root, "content/news/2031/01/pinned.md"), []byte("---\ntitle: A later look back\ndate: 2031-01-02\nstory: "+target+"\n---\nBody.\n"), 0o644)
	if _, err := s.Update([]string{"content/news/2031/01/pinned.md"}); err != nil {
		t.Fatal(err)
	}
	check("a pin across years")
	if !slices.ContainsFunc(storyMembers(t, s), func(l string) bool { return strings.HasSuffix(l, " news/2031/01/pinned") }) {
		t.Error("the pinned report is in no story")
	}
}

// The sample's feeds carry each story once: no two entries of feed.xml
// or feed.json are reports of one story.
func TestFeedsCarryStoryOnce(t *testing.T) {
	out := buildSample(t)
	var stories []struct {
		ID      string
		Reports []struct{ URL string }
	}
	readJSON(t, filepath.Join(out, "data/stories.json"), &stories)
	storyOf := map[string]string{}
	for _, st := range stories {
		for _, r := range st.Reports {
			storyOf[r.URL] = st.ID
		}
	}
	var jf struct {
		Items []struct{ ID, URL string }
	}
	readJSON(t, filepath.Join(out, "feed.json"), &jf)
	var af struct {
		Entries []struct {
			ID    string `xml:"id"`
			Links []struct {
				Href string `xml:"href,attr"`
				Rel  string `xml:"rel,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &af); err != nil {
		t.Fatal(err)
	}
	feeds := map[string][]string{}
	for _, it := range jf.Items {
		feeds["feed.json"] = append(feeds["feed.json"], it.URL)
	}
	for _, e := range af.Entries {
		u := ""
		for _, l := range e.Links {
			if l.Rel == "" || l.Rel == "alternate" {
				u = l.Href
			}
		}
		feeds["feed.xml"] = append(feeds["feed.xml"], u)
	}
	for name, urls := range feeds {
		seen, n := map[string]string{}, 0
		for _, u := range urls {
			id := storyOf[u]
			if id == "" {
				continue
			}
			n++
			if seen[id] != "" {
				t.Errorf("%s carries story %s twice: %s and %s", name, id, seen[id], u)
			}
			seen[id] = u
		}
		if n == 0 {
			t.Errorf("%s carries no story of several reports: the test proves nothing", name)
		}
	}
}

// A one-shot build makes the clustering's inputs as it asks for them
// (lazyInputs) instead of all at once (inputs): the stories, members,
// scores and signals must be those of the preview's path, on the sample
// (events, related lists, pins) and on a synthetic archive.
func TestLazyInputsClusterAsPreview(t *testing.T) {
	synthRoot := synthProject(t, 3000)
	for name, root := range map[string]string{"sample": "../..", "synth": synthRoot} {
		t.Run(name, func(t *testing.T) {
			preview, err := Load(Options{Root: root})
			if err != nil {
				t.Fatal(err)
			}
			build, err := Load(Options{Root: root, oneShot: true})
			if err != nil {
				t.Fatal(err)
			}
			if build.stories != nil || build.placeStories == nil {
				t.Fatal("the build should cluster beside its setup")
			}
			built := build.placeStories()
			build.placeStories = nil
			if built.items != nil || preview.stories.items == nil {
				t.Fatal("the build should cluster from lazy inputs, the preview from its cache")
			}
			// The build keeps only the stories of several items.
			a, b := preview.stories.res, built.res
			several := &story.Result{Unknown: a.Unknown}
			for _, st := range a.Stories {
				if len(st.Members) > 1 {
					several.Stories = append(several.Stories, st)
				}
			}
			if !reflect.DeepEqual(several, b) {
				t.Fatalf("stories differ: preview %d of several items, build %d", len(several.Stories), len(b.Stories))
			}
			if got, want := storyMembers(t, build), storyMembers(t, preview); !slices.Equal(got, want) {
				t.Errorf("the build's stories of several reports differ from the preview's:\n%v\n%v", got, want)
			}
			if len(several.Stories) == 0 || len(several.Stories) == len(a.Stories) {
				t.Errorf("%d stories of several reports in %d: the comparison shows little", len(several.Stories), len(a.Stories))
			}
		})
	}
}

// TestPlacedStoriesLetClusteringGo: a build's stories keep how each
// report joined (Why), not the clustering's members nor their IDs (a
// Via names one), which the collector then frees (~120 MB at a million
// entries).
func TestPlacedStoriesLetClusteringGo(t *testing.T) {
	build, err := Load(Options{Root: synthProject(t, 3000), oneShot: true})
	if err != nil {
		t.Fatal(err)
	}
	var members weak.Pointer[story.Member]
	var named weak.Pointer[byte]      // the ID of a placed report that a Via names
	want := map[string]story.Member{} // by report, copies of the IDs
	func() {
		x := build.placeStories()
		build.placeStories = nil
		placed := map[string]bool{}
		for _, st := range build.b.m.stories {
			placed[st.ID] = true
		}
		for _, st := range x.res.Stories {
			for _, mb := range st.Members {
				want[strings.Clone(mb.ID)] = story.Member{Score: mb.Score, Via: strings.Clone(mb.Via), Signals: mb.Signals}
			}
			if !placed[st.ID] {
				continue
			}
			if members.Value() == nil {
				members = weak.Make(&st.Members[0])
			}
			if named.Value() == nil {
				for _, mb := range st.Members {
					if mb.Via != "" {
						named = weak.Make(unsafe.StringData(mb.Via))
						break
					}
				}
			}
		}
	}()
	if members.Value() == nil || named.Value() == nil {
		t.Fatal("no story of several reports, one naming another: the test checks nothing")
	}
	runtime.GC()
	if members.Value() != nil {
		t.Error("the clustering's members outlive the stories placed from them")
	}
	if named.Value() != nil {
		t.Error("the IDs the clustering's Vias name outlive the stories placed from them")
	}
	for _, st := range build.b.m.stories {
		for _, it := range st.Items {
			got, w := st.Why(it), want[it.StoryID()]
			if got == nil || got.Score != w.Score || got.Via != w.Via || !reflect.DeepEqual(got.Signals, w.Signals) {
				t.Errorf("story %s, report %s: why %+v, want %+v", st.ID, it.StoryID(), got, w)
			}
		}
	}
}

// TestWriteJSONArray: records written one at a time make the bytes
// json.MarshalIndent makes of the whole slice, for none, one and several,
// with characters it escapes and nested values.
func TestWriteJSONArray(t *testing.T) {
	type rec struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
		N    float64  `json:"n,omitempty"`
	}
	all := []rec{{"a <b> & \"c\"", []string{"x", "y"}, 1.5}, {"\u2028", nil, 0}, {"z", []string{}, 3}}
	for n := range len(all) + 1 {
		recs := all[:n]
		want, err := json.MarshalIndent(recs, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeJSONArray(&got, n, func(i int) any { return recs[i] }); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want)+"\n" {
			t.Errorf("%d records:\n%s\nwant\n%s", n, got.String(), want)
		}
	}
}

// TestFeedUpdatedCoversEntries: an Atom feed's <updated> is no older
// than any of its entries' (RFC 4287 4.2.15: when the feed last changed
// significantly). An entry for a story is dated by its latest report, so
// the feed is too: a reader that skips a feed whose <updated> it has
// seen would miss the story's new report.
func TestFeedUpdatedCoversEntries(t *testing.T) {
	out := buildSample(t)
	var feeds []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "feed.xml" {
			feeds = append(feeds, p)
		}
		return err
	})
	if len(feeds) < 10 {
		t.Fatalf("%d Atom feeds in the sample", len(feeds))
	}
	for _, p := range feeds {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Updated string `xml:"updated"`
			Entries []struct {
				ID      string `xml:"id"`
				Updated string `xml:"updated"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		feed, err := time.Parse(time.RFC3339, f.Updated)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, e := range f.Entries {
			if u, err := time.Parse(time.RFC3339, e.Updated); err != nil || u.After(feed) {
				t.Errorf("%s: entry %s updated %s, the feed %s", strings.TrimPrefix(p, out), e.ID, e.Updated, f.Updated)
			}
		}
	}
}

// symDiff are the lines in one of a and b but not the other, sorted.
func symDiff(a, b []string) []string {
	in := func(l []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range l {
			m[x] = true
		}
		return m
	}
	ina, inb := in(a), in(b)
	var out []string
	for x := range ina {
		if !inb[x] {
			out = append(out, x)
		}
	}
	for x := range inb {
		if !ina[x] {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// A story's feed entry is named by the report whose ID is the story's (an
// event, for the story it anchors), so that a report dated earlier which
// joins it later leaves the feeds' entry IDs alone.
func TestStoryAnchorIsItsIDsReport(t *testing.T) {
	root := t.TempDir()
	golden.CopyTree(t, "testdata/site", root)
	if err := os.WriteFile(filepath.Join(root, "content/news/2021/04/early-report.md"), []byte("---\ntitle: Early report\ndate: 2021-04-09\nstory: 2021-04-10-regulator-fines-marketplace\n---\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(Options{Root: root, NoTemplates: true})
	if err != nil {
		t.Fatal(err)
	}
	stories, err := s.Stories()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, st := range stories {
		if st.ID != "2021-04-10-regulator-fines-marketplace" {
			continue
		}
		n++
		if got := st.anchor.StoryID(); got != st.ID {
			t.Errorf("story %s is anchored by %s", st.ID, got)
		}
	}
	if n != 1 {
		t.Fatalf("%d stories of the event", n)
	}
}
