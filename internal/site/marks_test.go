package site

import (
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"

	"docket/internal/content"
	"docket/internal/topic"
)

// oldMarks is how the histogram partial drew a year's bars before
// HistYear.Marks: the reference Marks must match byte for byte.
var oldMarks = template.Must(template.New("").Parse(`<svg>
  {{- range .Bars}}
   {{- if .Count}}<a href="{{.Href}}"><title>{{.Label}}</title><rect x="{{.X}}" width="16" height="40"/></a>
   {{- else}}<rect class="none" x="{{.X}}" y="38" width="16" height="2"/>{{end}}
  {{- end}}
  {{- range .Paths}}<path class="{{.Class}}" d="{{.D}}"/>{{end}}</svg>`))

func executeString(t *testing.T, tm *template.Template, data any) string {
	t.Helper()
	var b strings.Builder
	if err := tm.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMarksAsTemplate: the years of a histogram, drawn by draw, are what
// the template drew, with names and filters that need escaping.
func TestMarksAsTemplate(t *testing.T) {
	items := []*Item{
		item("2021-09-28", content.News, "a"),
		item("2021-09-13", content.Event, "b"),
		item("2021-04-10", content.Event, "a"),
		item("2019-01-02", content.News),
	}
	names := map[string]*topic.Topic{"a": {Name: `R&D <"quoted"> + 'more'`}, "b": {Name: "Ünïcode ü"}}
	for _, h := range []*Histogram{
		newHistogram(items, byTopic(items, func(id string) *topic.Topic { return names[id] }), ""),
		newHistogram(items, byKind, "?company=a b&c<d>%zz%41é"),
	} {
		for _, root := range []string{"", "../../", "javascript:"} {
			h.link(root)
			for _, y := range h.Years {
				want := executeString(t, oldMarks, y)
				if got := "<svg>" + string(y.Marks) + "</svg>"; got != want {
					t.Errorf("root %q, year %d:\n got %s\nwant %s", root, y.Year, got, want)
				}
			}
		}
	}
}

// TestEscapersAsTemplate: appendEscaped and appendURLAttr escape as
// html/template does in an RCDATA element and in a whole href, for tricky
// strings and random ones.
func TestEscapersAsTemplate(t *testing.T) {
	ref := template.Must(template.New("").Parse(`<a href="{{.}}"><title>{{.}}</title></a><p title="{{.}}">{{.}}</p>`))
	inputs := []string{"", "plain", `<>&"'+`, "\x00", "%41%zz%4", "a b\tc\n", "JavaScript:alert(1)", "HTTPS://x/y",
		"mailto:a@b", "../x:y", "x/y:z", "é ü 中文", "\xff\xfe", "(paren)[b]{c}|\\^`"}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ09-._~!#$&*+,/:;=?@[]%\"'<>() \x00\x7f\xc3\xa9{}|\\^`"
	for range 500 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		want := executeString(t, ref, s)
		var d []byte
		d = append(d, `<a href="`...)
		d = appendURLAttr(d, s)
		d = append(d, `"><title>`...)
		d = appendEscaped(d, s)
		d = append(d, `</title></a><p title="`...)
		d = appendEscaped(d, s)
		d = append(d, `">`...)
		d = appendEscaped(d, s)
		d = append(d, `</p>`...)
		if string(d) != want {
			t.Errorf("%q:\n got %s\nwant %s", s, d, want)
		}
	}
}
