package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestFineYearWithoutArchive: a case's own amount dated in a year that no
// entry has is totalled under that year without a link to an archive the
// build does not make.
func TestFineYearWithoutArchive(t *testing.T) {
	root := project(t)
	write(t, root, "content/cases/own-amount.md", "---\ntitle: A case with its own amount\ncase_id: FIX.2\nparties: [alibaba]\nauthorities: [samr]\njurisdictions: [cn]\nstage: decision\nstatus: closed\nopened: 2026-01-05\ndates:\n  - {date: 2027-03-01, what: decision}\namount: {value: 5000000, currency: CNY}\n---\nBody.\n")
	out := build(t, root)
	page, err := os.ReadFile(filepath.Join(out, "fines", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<td>2027</td>")) {
		t.Error("the fines page has no unlinked total for 2027")
	}
	if bytes.Contains(page, []byte("archive/2027/")) {
		t.Error("the fines page links to archive/2027/, which the build does not make")
	}
	if !bytes.Contains(page, []byte("archive/2021/")) {
		t.Error("the fines page lost its link to archive/2021/")
	}
}
