package reselect

import (
	"slices"
	"testing"

	"docket/internal/content"
	"docket/internal/topic"
)

// TestEditorsEntityTags: rules_tagged records which entities and
// jurisdictions the rules set. One the editor took out (a false "us")
// stays out, and on the record; one the rules set and no longer find is
// theirs to drop; one the editor wrote stays; a file from before the
// record holds only the editor's, to which the rules may add.
func TestEditorsEntityTags(t *testing.T) {
	tests := []struct {
		name                    string
		file                    content.Entry
		found                   topic.Result
		entities, jurisdictions []string
		tagged                  []string
	}{
		{"the editor took google and us out",
			content.Entry{Entities: []string{"apple"}, Jurisdictions: []string{"eu"}, RulesTagged: []string{"apple", "google", "eu", "us"}},
			topic.Result{Entities: []string{"apple", "google"}, Jurisdictions: []string{"eu", "us"}},
			[]string{"apple"}, []string{"eu"}, []string{"apple", "google", "eu", "us"}},
		{"the rules no longer find apple; meta is the editor's",
			content.Entry{Entities: []string{"apple", "meta"}, RulesTagged: []string{"apple"}},
			topic.Result{Entities: []string{"google"}},
			[]string{"meta", "google"}, nil, []string{"google"}},
		{"the editor's tag found by the rules too stays the editor's",
			content.Entry{Entities: []string{"meta"}},
			topic.Result{Entities: []string{"meta"}},
			[]string{"meta"}, nil, nil},
		{"a file from before the record",
			content.Entry{Entities: []string{"apple"}, Jurisdictions: []string{"us"}},
			topic.Result{Entities: []string{"google"}, Jurisdictions: []string{"eu"}},
			[]string{"apple", "google"}, []string{"us", "eu"}, []string{"google", "eu"}},
	}
	for _, tt := range tests {
		got, tagged := keepEditorsTags(tt.found, &content.Doc{Entry: tt.file})
		if !slices.Equal(got.Entities, tt.entities) || !slices.Equal(got.Jurisdictions, tt.jurisdictions) || !slices.Equal(tagged, tt.tagged) {
			t.Errorf("%s: entities %v jurisdictions %v rules_tagged %v, want %v %v %v", tt.name, got.Entities, got.Jurisdictions, tagged, tt.entities, tt.jurisdictions, tt.tagged)
		}
	}
}
