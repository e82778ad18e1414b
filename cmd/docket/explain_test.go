package main

import (
	"strings"
	"testing"
)

// TestExplainAmounts: explain lists the amounts money.Find recognises,
// with the field each is in.
func TestExplainAmounts(t *testing.T) {
	sampleProject(t)
	code, out, errs := docket("explain", "content/events/2021-04-10-samr-fines-alibaba-choose-one-of-two.md")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "amounts:\n  CNY 18228000000 (title)") || !strings.Contains(out, "USD 2750000000 (body)") {
		t.Errorf("explain lacks the amounts:\n%s", out)
	}
}
