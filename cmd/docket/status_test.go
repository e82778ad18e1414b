package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/internal/site"
)

func TestStatusLineQuietOffTerminal(t *testing.T) {
	var b bytes.Buffer
	s := newStatusLine(&b)
	s.show(true, "loading %d", 1) // a nil line: no panic, no output
	s.clear()
	if s != nil || b.Len() != 0 {
		t.Errorf("status line off a terminal: %v, wrote %q", s, b.String())
	}
}

// TestBuildProgress builds the sample with a status line on a fake
// terminal: every phase is shown in order, with the counts the build
// reports, the render's last as all of its pages, and nothing is left on
// the line.
func TestBuildProgress(t *testing.T) {
	var b bytes.Buffer
	status := &statusLine{w: &b}
	opts := site.Options{Root: "../..", Out: t.TempDir() + "/public", Progress: buildProgress(status)}
	var phases []string
	var pages, of int // the render's last report
	show := opts.Progress
	opts.Progress = func(phase string, done, total int) {
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
		if phase == "render" {
			if done > total {
				t.Errorf("render: %d of %d pages", done, total)
			}
			pages, of = done, total
		}
		show(phase, done, total)
	}
	res, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	status.clear()
	if got := strings.Join(phases, " "); got != "load render publish" {
		t.Errorf("phases %q", got)
	}
	// Every file but the assets is a page.
	if pages != of || of == 0 || of >= res.Files || of < res.Files-20 {
		t.Errorf("render ended at %d of %d pages, for %d files", pages, of, res.Files)
	}
	out := b.String()
	for _, want := range []string{
		"loading content: " + strconv.Itoa(res.Entries) + " entries",
		"rendering: " + strconv.Itoa(of) + " of " + strconv.Itoa(of) + " pages",
		"publishing " + strconv.Itoa(res.Files) + " files",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status output lacks %q:\n%q", want, out)
		}
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("the line was not cleared: %q", out)
	}
	if _, err := os.Stat(opts.Out); err != nil {
		t.Error(err)
	}
}

// TestCheckProgress: a check shows the build's phases but publish, then
// the link check, and leaves nothing on the line.
func TestCheckProgress(t *testing.T) {
	var b bytes.Buffer
	status := &statusLine{w: &b}
	var phases []string
	show := buildProgress(status)
	opts := site.Options{Root: "../..", Out: t.TempDir() + "/public", Progress: func(phase string, done, total int) {
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
		show(phase, done, total)
	}}
	res, err := site.Check(opts, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	status.clear()
	if got := strings.Join(phases, " "); got != "load render links" {
		t.Errorf("phases %q", got)
	}
	out := b.String()
	for _, want := range []string{
		"loading content: " + strconv.Itoa(res.Entries) + " entries",
		"checking the links of ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status output lacks %q:\n%q", want, out)
		}
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("the line was not cleared: %q", out)
	}
}

// TestLoadLine: while the content loads the line counts files read,
// pages and drafts among them; its last state is the entries published,
// so a count that falls at the end says what it counts.
func TestLoadLine(t *testing.T) {
	var b bytes.Buffer
	status := &statusLine{w: &b}
	show := buildProgress(status)
	for _, r := range [][2]int{{0, 0}, {40, 0}} {
		status.last = time.Time{} // past the line's 100 ms between updates
		show("load", r[0], r[1])
	}
	show("load", 37, 37) // within them: the last report is shown all the same
	want := "\r\033[Kloading content: 0 files\r\033[Kloading content: 40 files\r\033[Kloading content: 37 entries"
	if got := b.String(); got != want {
		t.Errorf("status output\n got %q\nwant %q", got, want)
	}
}
