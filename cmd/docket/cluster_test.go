package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestClusterCommand(t *testing.T) {
	in := `{"id":"x1","title":"China fines Alibaba $2.8 billion","summary":"<p>Market regulator fines Alibaba 18.2 billion yuan.</p>","url":"https://a.example/1?utm_source=rss","date":"2021-04-10T08:00:00Z","lang":"en"}
{"id":"x2","title":"阿里巴巴被罚182.28亿元","summary":"市场监管总局对阿里巴巴处以182.28亿元罚款。","url":"https://b.example/2","date":"2021-04-10T02:00:00Z","lang":"zh"}
{"id":"x3","title":"","summary":"","date":"","lang":""}
`
	var out, errb bytes.Buffer
	if code := run(stdio{strings.NewReader(in), &out, &errb}, []string{"cluster", "--feeds", "../../feeds"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := `{"id":"x1","story":"x2"}
{"id":"x2","story":"x2"}
{"id":"x3","story":"x3"}
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestClusterInput: cluster reads its input line by line as classify
// does: an error names the line, not the count of objects decoded so far,
// and a huge line is refused rather than read whole into memory.
func TestClusterInput(t *testing.T) {
	item := `{"id":"a","title":"x"}`
	tests := []struct {
		name, in, err string // err in stderr; "" for success
	}{
		{"bom and crlf", "\xef\xbb\xbf" + item + "\r\n\r\n", ""},
		{"broken line after a blank one", item + "\n\n{\"id\":\n", "stdin:3: unexpected end of JSON input"},
		{"null", "null\n", "stdin:1: not a JSON object"},
		{"huge line", `{"id":"` + strings.Repeat("a", maxLine) + `"}`, "stdin:1: line longer than"},
		// A story is named by a member's id: these put others in the wrong story.
		{"no id", item + "\n" + `{"title":"x"}`, "stdin:2: no id"},
		{"id again", item + "\n\n" + `{"id":"a","title":"y"}`, `stdin:3: id "a" is also on line 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(stdio{strings.NewReader(tt.in), &out, &errb}, []string{"cluster", "--feeds", "../../feeds"})
			if tt.err == "" && (code != 0 || out.String() != `{"id":"a","story":"a"}`+"\n") {
				t.Fatalf("exit %d:\n%s%s", code, out.String(), errb.String())
			}
			if tt.err != "" && (code == 0 || !strings.Contains(errb.String(), tt.err)) {
				t.Fatalf("exit %d, want error %q:\n%s", code, tt.err, errb.String())
			}
		})
	}
}

// TestClusterDates: the corpora's dates ("2023-03-10 14:15:00+00:00") and
// feeds' keep two reports of one headline two years apart in two stories;
// read as no date, they joined. A date that fits no layout names its line.
func TestClusterDates(t *testing.T) {
	item := `{"id":"%s","title":"EU fines Google 4 billion in Android antitrust case","date":"%s"}` + "\n"
	for _, tt := range []struct{ a, b, err string }{
		{"2022-01-01 10:00:00+00:00", "2024-06-01 10:00:00.291505+00:00", ""},
		{"2022-01-01T10:00:00Z", "Sat, 01 Jun 2024 10:00:00 +0000", ""},
		{"2022-01-01", "01/06/2024", `stdin:2: date "01/06/2024"`},
	} {
		var out, errb bytes.Buffer
		in := fmt.Sprintf(item, "a", tt.a) + fmt.Sprintf(item, "b", tt.b)
		code := run(stdio{strings.NewReader(in), &out, &errb}, []string{"cluster", "--feeds", "../../feeds"})
		if tt.err == "" && (code != 0 || !strings.Contains(out.String(), `{"id":"b","story":"b"}`)) {
			t.Errorf("%s / %s: exit %d\n%s%s", tt.a, tt.b, code, out.String(), errb.String())
		}
		if tt.err != "" && (code == 0 || !strings.Contains(errb.String(), tt.err)) {
			t.Errorf("%s / %s: exit %d, want error %q: %s", tt.a, tt.b, code, tt.err, errb.String())
		}
	}
}

// TestStdinCommandsOutsideProject: classify, cluster and explain run
// outside a project (no feeds/topics.yaml) exit 2 with the way out, as
// the other commands do, not 1 with the file system's "lstat" error.
func TestStdinCommandsOutsideProject(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"classify", "--root", dir},
		{"cluster", "--root", dir},
		{"explain", "--root", dir, "a title"},
	} {
		code, _, errs := docket(args...)
		if code != 2 || !strings.Contains(errs, "no topics.yaml") || !strings.Contains(errs, "--feeds") {
			t.Errorf("%s: exit %d: %s", args[0], code, errs)
		}
	}
}
