package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// docket runs the CLI in-process and returns its exit code and output.
func docket(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(stdio{strings.NewReader(""), &out, &errb}, args)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"help"}, 0, "Commands:"},
		{nil, 2, "Commands:"},
		{[]string{"nope"}, 2, `unknown command "nope"`},
		{[]string{"build", "--nope"}, 2, "docket build: flag provided but not defined: -nope (see 'docket help build')\n"},
		{[]string{"new", "party", "x"}, 2, `unknown kind "party"`},
		{[]string{"new", "page", "Search"}, 2, `would take the site's own /search/`},
		{[]string{"help", "build"}, 0, "-base-url"},
		{[]string{"version"}, 0, "docket"},
	}
	for _, tt := range tests {
		code, out, errs := docket(tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.out) {
			t.Errorf("docket %q: exit %d, want %d; output %q lacks %q", tt.args, code, tt.code, out+errs, tt.out)
		}
		if code == 2 && strings.Count(out+errs, "flag provided") > 1 || len(tt.args) > 1 && tt.args[0] == "build" && strings.Contains(out+errs, "-base-url") {
			t.Errorf("docket %q: a bad flag is said once, without every flag:\n%s", tt.args, out+errs)
		}
	}
}

// TestHelpListsFlags: docket help COMMAND prints the command's whole
// help, its flags included, for every command, also those with a
// subcommand (cases suggest, rates update).
func TestHelpListsFlags(t *testing.T) {
	for _, c := range commands() {
		code, out, errs := docket("help", c.name)
		if code != 0 || !strings.Contains(out+errs, "Usage: docket "+c.name) {
			t.Errorf("help %s: exit %d:\n%s%s", c.name, code, out, errs)
		}
		if c.name != "version" && !strings.Contains(out+errs, "\n  -") {
			t.Errorf("help %s lists no flag:\n%s%s", c.name, out, errs)
		}
	}
}

// TestNewThenCheck scaffolds entries into a copy of the sample project and
// checks that they pass docket check, and that new never overwrites.
func TestNewThenCheck(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "feeds", "templates"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := docket("new", "event", "Regulator opens a probe", "--root", root, "--date", "2024-05-06")
	if code != 0 || !strings.HasPrefix(out, "made content/events/2024-05-06-regulator-opens-a-probe.md, a draft event") {
		t.Fatalf("new event: %d %q %q", code, out, errs)
	}
	file := filepath.Join(root, "content/events/2024-05-06-regulator-opens-a-probe.md")
	os.WriteFile(file, append(mustRead(t, file), "\nEdited by hand.\n"...), 0o644)
	if code, _, errs := docket("new", "event", "Regulator opens a probe", "--root", root, "--date", "2024-05-06"); code == 0 || !strings.Contains(errs, "exists already") {
		t.Fatalf("second new: exit %d, %q", code, errs)
	}
	if !strings.Contains(string(mustRead(t, file)), "Edited by hand.") {
		t.Fatal("new overwrote an editor's file")
	}
	if code, out, errs := docket("new", "page", "Corrections", "--root", root); code != 0 || !strings.Contains(out, "content/pages/corrections.md") {
		t.Fatalf("new page: %d %q %q", code, out, errs)
	}
	if code, out, errs := docket("check", "--root", root, "--drafts"); code != 0 {
		t.Fatalf("check after new: exit %d\n%s%s", code, out, errs)
	}
	// A broken file makes check fail, naming file and line.
	os.WriteFile(filepath.Join(root, "content/news/2021/09/broken.md"), []byte("---\ntitle: x\ndate: soon\n---\n"), 0o644)
	code, out, _ = docket("check", "--root", root)
	if code != 1 || !strings.Contains(out, "broken.md:3:7: bad date") {
		t.Fatalf("check with a bad date: exit %d\n%s", code, out)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCheckCountsOnce: a problem in the rules or the sources is found by
// the lint and again by the render's load; check reports and counts it
// once, and prints no phase heading ("load:") that has no problem left
// under it.
func TestCheckCountsOnce(t *testing.T) {
	for _, tc := range []struct{ file, prefix, word string }{
		{"feeds/topics.yaml", "bogus: 1\n", "bogus"},
		{"feeds/feeds.yaml", "bogus: 1\n", "bogus"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{"content", "feeds", "templates"} {
				if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(root, tc.file)
			os.WriteFile(path, append([]byte(tc.prefix), mustRead(t, path)...), 0o644)
			code, out, errs := docket("check", "--root", root)
			if code != 1 || strings.Count(out, tc.word) != 1 || !strings.Contains(errs, "check: 1 problem\n") {
				t.Fatalf("exit %d\n%s%s", code, out, errs)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			for i, l := range lines {
				if strings.HasSuffix(l, ":") && (i+1 == len(lines) || strings.HasSuffix(lines[i+1], ":")) {
					t.Errorf("heading %q with no problem under it:\n%s", l, out)
				}
			}
		})
	}
}

// TestCheckCountsTheLeftOut: past ten errors of a phase, check shows
// ten and the count of the rest, and counts them all, not the count's
// line as one. (The template fails differently on each entry: by the
// length of its title. One mistake failing alike everywhere is one
// error.)
func TestCheckCountsTheLeftOut(t *testing.T) {
	root := sampleProject(t)
	path := filepath.Join(root, "templates", "entry.html")
	os.WriteFile(path, bytes.Replace(mustRead(t, path), []byte("{{$e.Title}}"), []byte("{{index $e.Topics (len $e.Title)}}"), 1), 0o644)
	code, out, errs := docket("check")
	var shown, more int
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "index out of range") {
			shown++
		}
		fmt.Sscanf(l, "… and %d more errors", &more)
	}
	if code != 1 || shown != 10 || more == 0 || !strings.Contains(errs, fmt.Sprintf("check: %d problems\n", shown+more)) {
		t.Errorf("exit %d, %d shown and %d more:\n%s%s", code, shown, more, out, errs)
	}
}

// TestCheckWarnsDate: an entry dated after today moves the site's
// "today" (the build reads no clock), and one dated before 1890 is a
// mistyped year that gave the home page's histogram 1,800 empty years;
// an updated date after today moves it too, and one before the entry's
// date is shown nowhere; check says so with file and line, and still
// passes.
func TestCheckWarnsDate(t *testing.T) {
	for _, tt := range []struct{ date, updated, says string }{
		{"2099-03-01", "", "3: dated 2099-03-01, after today"},
		{"0202-03-01", "", "3: dated 0202-03-01, before any competition law"},
		{"2021-03-01", "2099-03-02", "4: updated 2099-03-02, after today"},
		{"2021-03-01", "2020-03-01", "4: updated 2020-03-01, before its date 2021-03-01"},
	} {
		t.Run(tt.date+tt.updated, func(t *testing.T) {
			sampleProject(t)
			name := filepath.Join("content", "events", tt.date+"-hearing.md")
			updated := ""
			if tt.updated != "" {
				updated = "updated: " + tt.updated + "\n"
			}
			os.WriteFile(name, []byte("---\ntitle: Hearing\ndate: "+tt.date+"\n"+updated+"summary: A hearing.\nkind: statement\nauthorities: [us-courts]\nentities: [google]\ntopics: [antitrust]\n---\nA hearing.\n"), 0o644)
			code, out, errs := docket("check")
			want := "warning: " + filepath.ToSlash(name) + ":" + tt.says
			if code != 0 || !strings.Contains(out, "no problems") || !strings.Contains(out, want) || strings.Count(out, "warning: "+filepath.ToSlash(name)) != 1 {
				t.Errorf("exit %d, want 0 and one warning %q:\n%s%s", code, want, out, errs)
			}
		})
	}
}

// TestCheckWarnsUnreadFeedFiles: a YAML file in feeds/ that docket does
// not read (a feed list split out by hand) is a warning; check passes.
func TestCheckWarnsUnreadFeedFiles(t *testing.T) {
	sampleProject(t)
	os.WriteFile(filepath.Join("feeds", "local.yaml"), []byte("feeds:\n  - {id: local, title: Local, url: http://127.0.0.1/feed.xml, kind: wire}\n"), 0o644)
	code, out, errs := docket("check")
	want := "warning: feeds/local.yaml is not read by docket"
	if code != 0 || !strings.Contains(out, "no problems") || !strings.Contains(out, want) || strings.Count(out, "is not read by docket") != 1 {
		t.Errorf("exit %d, want 0 and one warning %q:\n%s%s", code, want, out, errs)
	}
}

// TestCheckWarnsUnreadContentFiles: an entry saved with another
// extension is left out of the site: check says so, and passes; hidden
// files and an editor's backups are left alone.
func TestCheckWarnsUnreadContentFiles(t *testing.T) {
	sampleProject(t)
	for _, name := range []string{"events/2026-05-06-ext.markdown", "events/2026-05-06-upper.MD", "events/.draft.txt", "events/2021-04-10-x.md~"} {
		os.WriteFile(filepath.Join("content", filepath.FromSlash(name)), []byte("---\ntitle: X\n---\n"), 0o644)
	}
	code, out, errs := docket("check")
	if code != 0 || !strings.Contains(out, "no problems") || strings.Count(out, "is not read by docket") != 2 ||
		!strings.Contains(out, "warning: content/events/2026-05-06-ext.markdown is not read by docket") ||
		!strings.Contains(out, "warning: content/events/2026-05-06-upper.MD is not read by docket") {
		t.Errorf("exit %d, want 0 and warnings for the .markdown and .MD files alone:\n%s%s", code, out, errs)
	}
}

// TestUnreadContentFilesWithoutContent: a project without content/ is
// check's problem to report; the warning's walk does not crash on it.
func TestUnreadContentFilesWithoutContent(t *testing.T) {
	if got := unreadContentFiles(filepath.Join(t.TempDir(), "content")); len(got) != 0 {
		t.Errorf("warnings for a missing folder: %v", got)
	}
}

// TestCheckWarnsRawHTML: HTML an editor writes in a body is left out of
// the page; check names the file and the line where it starts, and
// passes. Markdown's own angle brackets (an autolink, "a < b") are not
// HTML.
func TestCheckWarnsRawHTML(t *testing.T) {
	sampleProject(t)
	os.WriteFile(filepath.Join("content", "events", "2021-05-01-table.md"),
		[]byte("---\ntitle: A table\nkind: statement\ntopics: [antitrust]\n---\n\nFines rose, as 2 < 3 and <https://example.org/> says.\n\n<table><tr><td>1</td></tr></table>\n"), 0o644)
	os.WriteFile(filepath.Join("content", "pages", "iframe.md"), []byte("---\ntitle: A page\n---\n<iframe src=\"https://example.org/\"></iframe>\n"), 0o644)
	code, out, errs := docket("check")
	for _, want := range []string{"warning: content/events/2021-05-01-table.md:9: raw HTML", "warning: content/pages/iframe.md:4: raw HTML"} {
		if code != 0 || !strings.Contains(out, "no problems") || !strings.Contains(out, want) || strings.Count(out, "raw HTML,") != 2 {
			t.Errorf("exit %d, want 0 and a warning %q, two in all:\n%s%s", code, want, out, errs)
		}
	}
}

// TestCheckBrokenLinkSource: a broken link written in an entry names the
// entry's file and the line of the link, not only the rendered page; a
// link the entry's file does not hold (a template's) keeps the page's
// name, as does a page no file makes.
func TestCheckBrokenLinkSource(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "feeds", "templates"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file, add string
		want      string // %d: the last line of file, which is under root
	}{
		{"content/events/2021-08-31-korea-passes-in-app-payment-law.md", "\nSee [the ruling](/nowhere/ruling/).\n",
			`content/events/2021-08-31-korea-passes-in-app-payment-law.md:%d: broken link "../../nowhere/ruling/" (events/korea-passes-in-app-payment-law/index.html)`},
		{"content/pages/about.md", "\n![chart](missing-chart.png)\n",
			`content/pages/about.md:%d: broken link "missing-chart.png" (about/index.html)`},
		{"templates/page.html", `<a href="../../from-a-template/">x</a>`,
			`methodology/index.html: broken link "../../from-a-template/"`},
		{"templates/status.html", `<a href="../../status-help/">x</a>`,
			`status/index.html: broken link "../../status-help/"`},
	}
	for i, tc := range tests {
		path := filepath.Join(root, tc.file)
		data := append(mustRead(t, path), tc.add...)
		if strings.HasPrefix(tc.file, "templates/") { // into the page's main block
			data = bytes.Replace(mustRead(t, path), []byte(`{{define "main"}}`), []byte(`{{define "main"}}`+tc.add), 1)
		}
		os.WriteFile(path, data, 0o644)
		if strings.Contains(tc.want, "%d") {
			tests[i].want = root + string(filepath.Separator) + fmt.Sprintf(tc.want, bytes.Count(data, []byte("\n")))
		}
	}
	code, out, _ := docket("check", "--root", root)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, tc := range tests {
		if !strings.Contains(out, tc.want+"\n") {
			t.Errorf("output lacks %q:\n%s", tc.want, out)
		}
	}
}

// TestSweepStale: check's scratch folders that a killed check left are
// removed once a day old; a running check's (new) and others' stay.
func TestSweepStale(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"docket-check-old", "docket-check-new", "other-old"} {
		os.Mkdir(filepath.Join(dir, name), 0o755)
	}
	old := time.Now().Add(-25 * time.Hour)
	os.Chtimes(filepath.Join(dir, "docket-check-old"), old, old)
	os.Chtimes(filepath.Join(dir, "other-old"), old, old)
	sweepStale(dir, "docket-check-", 24*time.Hour)
	for name, want := range map[string]bool{"docket-check-old": false, "docket-check-new": true, "other-old": true} {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != want {
			t.Errorf("%s there: %v, want %v", name, err == nil, want)
		}
	}
}
