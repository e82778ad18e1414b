package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCasesSuggestApply: with one sample event's case: line removed,
// suggest proposes it back with its reasons, --apply writes it, check
// passes and the file differs from the sample by that one line.
func TestCasesSuggestApply(t *testing.T) {
	root := sampleProject(t)
	name := filepath.Join(root, "content", "events", "2021-09-28-alibaba-apps-add-wechat-pay.md")
	orig := string(mustRead(t, name))
	const link = "case: miit-link-blocking\n"
	if !strings.Contains(orig, link) {
		t.Fatalf("the sample event has no %q", link)
	}
	unlinked := strings.Replace(orig, link, "", 1)
	if err := os.WriteFile(name, []byte(unlinked), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := docket("cases", "suggest", "--root", root)
	if code != 0 {
		t.Fatalf("suggest: exit %d\n%s%s", code, out, errs)
	}
	block := out[strings.Index(out, "2021-09-28-alibaba-apps-add-wechat-pay.md"):]
	for _, want := range []string{"case: miit-link-blocking", "parties tencent, alibaba", "date 2021-09-28 near the case's 2021-09-17"} {
		if !strings.Contains(block, want) {
			t.Errorf("suggest output lacks %q:\n%s", want, out)
		}
	}
	// An item about two cases is suggested but left to the editors.
	if !strings.Contains(out, "ambiguous: dma-meta-pay-or-consent") {
		t.Errorf("the Apple and Meta fines item is not flagged ambiguous:\n%s", out)
	}
	// Counts only: an editor's additions to the sample may add links.
	if !regexp.MustCompile(`\d+ links suggested; --apply writes the \d+ clear ones?, not the \d+ ambiguous\n`).MatchString(out) {
		t.Errorf("the count does not say which --apply writes:\n%s", out)
	}
	if code, out, errs := docket("cases", "suggest", "--root", root, "--apply"); code != 0 || !regexp.MustCompile(`\d+ links? written`).MatchString(out) {
		t.Fatalf("suggest --apply: exit %d\n%s%s", code, out, errs)
	}
	got := string(mustRead(t, name))
	if diff := lineDiff(unlinked, got); diff != 1 {
		t.Errorf("--apply changed %d lines, want 1:\n%s", diff, got)
	}
	if got != orig { // the line was the last key: it comes back where it was
		t.Errorf("the applied file is not the sample's:\n%s", got)
	}
	if code, out, errs := docket("check", "--root", root); code != 0 {
		t.Fatalf("check after --apply: exit %d\n%s%s", code, out, errs)
	}
	if _, out, _ := docket("cases", "suggest", "--root", root); strings.Contains(out, "2021-09-28-alibaba-apps-add-wechat-pay.md") ||
		!strings.Contains(out, "all ambiguous: link them by hand (--apply writes none)\n") {
		t.Errorf("after --apply, suggest still proposes the applied link, or a clear one:\n%s", out)
	}
}

// lineDiff counts the lines of a and b not in the other, in order: a
// one-line move shows as 1 (the line is in both, at another place).
func lineDiff(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	// Longest common subsequence, small files only.
	dp := make([][]int, len(al)+1)
	for i := range dp {
		dp[i] = make([]int, len(bl)+1)
	}
	for i := len(al) - 1; i >= 0; i-- {
		for j := len(bl) - 1; j >= 0; j-- {
			if al[i] == bl[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return len(al) + len(bl) - 2*dp[0][0]
}

// TestCasesApplyNothingOnFailure: when one file cannot take its link (a
// layout SetCase refuses, here a front matter ended by "..."), --apply
// fails and no file is changed, not even those before it.
var caseLine = regexp.MustCompile(`(?m)^case: .*\n`)

func TestCasesApplyNothingOnFailure(t *testing.T) {
	root := sampleProject(t)
	first := filepath.Join(root, "content", "events", "2021-09-28-alibaba-apps-add-wechat-pay.md")
	last := filepath.Join(root, "content", "events", "2021-10-08-samr-fines-meituan.md")
	unlink := func(name, end string) string {
		data := caseLine.ReplaceAllString(string(mustRead(t, name)), "")
		data = strings.Replace(data, "\n---\n", "\n"+end+"---\n", 1) // the closing fence
		if strings.Contains(data, "case:") {
			t.Fatalf("%s still names a case", name)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return data
	}
	wantFirst, wantLast := unlink(first, ""), unlink(last, "...\n")
	code, out, errs := docket("cases", "suggest", "--root", root, "--apply")
	if code == 0 || !strings.Contains(errs, "2021-10-08-samr-fines-meituan.md") {
		t.Fatalf("--apply with a file it cannot rewrite: exit %d\n%s%s", code, out, errs)
	}
	if got := string(mustRead(t, first)); got != wantFirst {
		t.Errorf("the failed --apply wrote %s:\n%s", first, got)
	}
	if got := string(mustRead(t, last)); got != wantLast {
		t.Errorf("the failed --apply wrote %s:\n%s", last, got)
	}
}
