package extract

import (
	"strings"
	"testing"
)

func TestCommentHeading(t *testing.T) {
	for text, want := range map[string]bool{
		"12 Comments":                  true,
		"5 Responses to “Open thread”": true,
		"One thought on “Keyboards”":   true,
		"Top Rated Comments":           true,
		"Comments (3)":                 true,
		"Leave a Reply":                true,
		"Join the discussion":          true,
		"网友评论":                         true,
		"发表评论":                         true,
		"评论（12）":                       true,
		"《播客热潮迅速蔓延》已有1件评论": true,
		"共 8 条评论":                                         true,
		"Comments from the regulator":                     false,
		"The commission received 40 responses from firms": false,
		"Public comments close on Friday":                 false,
		"评论员文章":                                           false,
		"新宠的评论":                                           false,
		"回复：播客热潮":                                         false,
	} {
		if got := commentHeading(text); got != want {
			t.Errorf("commentHeading(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestCommentsByHeading: a comment section the template names in words
// we do not know is found by its heading, whether the heading opens a
// wrapper of the comments or stands before them in the article's
// container; a link to the comments in the byline removes nothing.
func TestCommentsByHeading(t *testing.T) {
	para := "<p>The regulator said on Monday that the platforms must open their messaging services to rivals within a year, and that it would check compliance every quarter, starting in the spring.</p>"
	comment := `<li class="z3"><b>Reader</b> said on 12 May 2024:<p>I think this is long overdue, and the deadline is far too generous given how long the platforms have known the rules were coming; a year is an eternity in this market and the incumbents will use every month of it.</p></li>`
	comments := `<ol class="z2">` + strings.Repeat(comment, 6) + `</ol>`
	for name, body := range map[string]string{
		"wrapped": `<div class="z0"><h1>Open up</h1><div class="z9"><a href="#c">6 comments</a></div>` + para + para + `</div><div class="z1"><h3>6 Responses to “Open up”</h3>` + comments + `</div>`,
		"after":   `<div class="z0"><h1>Open up</h1><div class="z9"><a href="#c">6 comments</a></div>` + para + para + `<h3>6 Responses to “Open up”</h3>` + comments + `<h3>Leave a Reply</h3></div>`,
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Extract([]byte(`<html><body>`+body+`</body></html>`), "", "")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, "The regulator said") || strings.Contains(a.Text, "long overdue") || strings.Contains(a.Text, "Responses") {
				t.Errorf("text %q", a.Text)
			}
		})
	}
}

func TestMaybeCommentHeading(t *testing.T) {
	for s, want := range map[string]bool{
		"12 COMMENTS": true, "Leave a Reply": true, "网友评论": true, "跟帖": true, " ": false,
		"The court ruled on Monday.": false, "调查": false, "": false,
	} {
		if got := maybeCommentHeading(s); got != want {
			t.Errorf("maybeCommentHeading(%q) = %v", s, got)
		}
	}
}
