package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An editor's story: value survives re-fetches: fetch never rewrites an
// existing file. docket stories, in a project without templates/, lists
// the override with its file and line.
func TestFetchKeepsStoryOverride(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed"))
	if code, out, errs := runCmd("fetch", "--allow-private"); code != 0 {
		t.Fatalf("first fetch, exit %d: %s%s", code, out, errs)
	}
	file := "content/news/2026/11/authority-fines-platform-for-blocking-rivals.md"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "\ntitle:", "\nstory: own\ntitle:", 1)
	if edited == string(src) {
		t.Fatalf("no title line in\n%s", src)
	}
	os.WriteFile(file, []byte(edited), 0o644)
	for _, args := range [][]string{{"fetch", "--allow-private"}, {"fetch", "--allow-private", "--force"}} {
		if code, out, errs := runCmd(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s%s", args, code, out, errs)
		}
		if got, _ := os.ReadFile(file); string(got) != edited {
			t.Fatalf("%v rewrote the editor's file:\n%s", args, got)
		}
	}
	if _, err := os.Stat("templates"); err == nil {
		t.Fatal("the workspace has templates/: the test needs a project without")
	}
	code, out, errs := runCmd("stories")
	if code != 0 {
		t.Fatalf("stories without templates/: exit %d: %s%s", code, out, errs)
	}
	if want := file + ":2: story: own  split out"; !strings.Contains(out, want) {
		t.Errorf("stories does not list the override %q:\n%s", want, out)
	}
}

// In the sample without templates/, docket stories lists the stories, a
// report from an authority's own site (its domains: in entities.yaml) as
// a primary source, and a pin with its file and line.
func TestStoriesPrimaryByDomain(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "feeds"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(root, "content/news/2021/04/samr-notice.md"), []byte(`---
title: SAMR announces its decision on Alibaba
date: 2021-04-10
story: 2021-04-10-samr-fines-alibaba-choose-one-of-two
source: SAMR
url: https://www.samr.gov.cn/xw/zj/202104/t20210410_327702.html
---
The notice.
`), 0o644)
	code, out, errs := docket("stories", "--root", root)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if !strings.Contains(out, "  * 2021-04-samr-notice  2021-04-10") {
		t.Errorf("the report from samr.gov.cn is not marked primary:\n%s", out)
	}
	if want := "content/news/2021/04/samr-notice.md:4: story: 2021-04-10-samr-fines-alibaba-choose-one-of-two  pinned to"; !strings.Contains(out, want) {
		t.Errorf("the pin is not listed as %q:\n%s", want, out)
	}
}

// docket check shows the editors' story: overrides as notes, with file
// and line, and still passes.
func TestCheckShowsStoryOverrides(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "feeds", "templates"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	writeProjectFile(t, filepath.Join(root, "content/news/2021/04/samr-own.md"), `---
title: SAMR announces its decision on Alibaba
date: 2021-04-10
source: SAMR
story: own
url: https://www.samr.gov.cn/xw/zj/202104/t20210410_327702.html
---
The notice.
`)
	code, out, errs := docket("check", "--root", root)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if want := "content/news/2021/04/samr-own.md:5: story: own (split out: a story of its own)"; !strings.Contains(out, "note: ") || !strings.Contains(out, want) {
		t.Errorf("check does not note the override %q:\n%s", want, out)
	}
}

func writeProjectFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// docket stories says why each report joined its story: the signals of
// its best pair or the editor's word. Only a story's first report may
// have none (the site clusters without signals, which it never shows).
func TestStoriesSayWhy(t *testing.T) {
	code, out, errs := docket("stories", "--root", "../..")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	for _, st := range strings.Split(out, "\n\n") {
		if n := strings.Count(st, "the story's first report"); n > 1 {
			t.Errorf("%d reports of one story are its first report:\n%s", n, st)
		}
	}
	if !strings.Contains(out, "score ") {
		t.Errorf("no report has its signals and score:\n%s", out)
	}
}
