package content

import "testing"

// TestSetCase: only the case line changes; comments, key order and the
// body stay; a second run changes nothing.
func TestSetCase(t *testing.T) {
	tests := []struct{ name, in, slug, want string }{
		{"add",
			"---\n# note\ntitle: x # why\nsummary: |\n  case: in a block scalar\n---\ncase: in the body\n", "samr-alibaba-2021",
			"---\n# note\ntitle: x # why\nsummary: |\n  case: in a block scalar\ncase: samr-alibaba-2021\n---\ncase: in the body\n"},
		{"replace",
			"---\ntitle: x\ncase: old # editor\n# keep me\nlang: en\n---\nb\n", "new-case",
			"---\ntitle: x\ncase: new-case\n# keep me\nlang: en\n---\nb\n"},
		{"remove",
			"---\ntitle: x\ncase: old\nlang: en\n---\nb\n", "",
			"---\ntitle: x\nlang: en\n---\nb\n"},
	}
	for _, tt := range tests {
		got, err := SetCase([]byte(tt.in), tt.slug)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(got) != tt.want {
			t.Errorf("%s: got:\n%s\nwant:\n%s", tt.name, got, tt.want)
		}
		if again, err := SetCase(got, tt.slug); err != nil || string(again) != tt.want {
			t.Errorf("%s: a second run changed the file:\n%s", tt.name, again)
		}
	}
	for _, bad := range []string{"no front matter\n", "---\ntitle: x\n", "---\n- a list\n---\n"} {
		if _, err := SetCase([]byte(bad), "a"); err == nil {
			t.Errorf("SetCase(%q) succeeded", bad)
		}
	}
	if _, err := SetCase([]byte("---\ntitle: x\n---\n"), "Bad Slug/.."); err == nil {
		t.Error("SetCase accepted a bad slug")
	}
}

func TestKeyLine(t *testing.T) {
	data := []byte("---\ntitle: x\nsummary: |\n  amount: no\namount: {value: 1, currency: XAU}\n---\namount: body\n")
	if l, ok := KeyLine(data, "amount"); !ok || l != 5 {
		t.Errorf("KeyLine = %d, %v; want 5", l, ok)
	}
	if _, ok := KeyLine(data, "case"); ok {
		t.Error("KeyLine found a missing key")
	}
}
