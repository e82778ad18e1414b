package sources

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRemovedRoundTrip: what Save appends reads back the same, whatever
// the URL, GUID and title hold, and lines come sorted after the header.
func TestRemovedRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "removed.yaml")
	r, err := LoadRemoved(path)
	if err != nil || len(r.Items) != 0 {
		t.Fatalf("missing file: %v %v", r, err)
	}
	odd := Tombstone{Removed: "2026-11-24", ItemRef: ItemRef{Feed: "wire", URL: "https://a.example/x?q=1#frag", GUID: `tag: "odd" # guid, {with} [marks]`, Title: "Line\none  #  \"quoted\"\t"}}
	r.Add(odd)
	r.Add(Tombstone{Removed: "2026-11-24", ItemRef: ItemRef{Feed: "alpha", ID: "abc123"}})
	if err := r.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), RemovedHeader) || !strings.Contains(string(data), `# Line one # "quoted"`+"\n") {
		t.Errorf("file:\n%s", data)
	}
	back, err := ParseRemoved(path, data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(back.Items) != 2 || back.Items[0].Feed != "alpha" || back.Items[1].GUID != odd.GUID || back.Items[1].URL != odd.URL {
		t.Errorf("read back %+v", back.Items)
	}
	// Appending keeps what is there, an editor's comments included.
	edited := string(data) + "# kept by hand\n"
	back, _ = ParseRemoved(path, []byte(edited))
	back.Add(Tombstone{Removed: "2026-11-25", ItemRef: ItemRef{URL: "https://b.example/"}})
	os.WriteFile(path, []byte(edited), 0o644)
	if err := back.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if !strings.HasPrefix(string(data), edited) || !strings.HasSuffix(string(data), `- {removed: 2026-11-25, url: "https://b.example/"}`+"\n") {
		t.Errorf("after appending:\n%s", data)
	}
}
