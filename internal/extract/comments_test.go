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

// TestCommentListsByShape checks comment lists with neither a heading nor
// a class we know, inside the article's own container.
func TestCommentListsByShape(t *testing.T) {
	para := "<p>The regulator said on Monday that the platforms must open their messaging services to rivals within a year, and that it would check compliance every quarter, starting in the spring.</p>"
	reply := func(who, when, control string) string {
		return `<div class="q7"><div class="q8"><span class="who-` + who + `">` + who + `</span> <span>` + when + `</span></div>` +
			`<p>I think this is long overdue, and the deadline is far too generous given how long the platforms have known; the incumbents will use every month of it.</p>` + control + `</div>`
	}
	link := func(who, when string) string { return reply(who, when, `<a href="#r">Reply</a>`) }
	button := func(who, when string) string { return reply(who, when, `<button>回复</button>`) }
	tests := []struct {
		name, body string
		want, not  []string
	}{
		{"reply links and times", `<article><h1>Open up</h1>` + para + para + para + `<div class="q6">` +
			link("ann", "2 hours ago") + link("bob", "5 hours ago") + link("cy", "1 day ago") + `</div></article>`,
			[]string{"The regulator said"}, []string{"long overdue"}},
		{"reply buttons and clock times", `<div class="q0">` + para + para + para + `<ul class="q6">` +
			`<li>` + button("ann", "12:05") + `</li><li>` + button("bob", "13:40") + `</li></ul></div>`,
			[]string{"The regulator said"}, []string{"long overdue"}},
		// Without reply controls the blocks are not taken for comments.
		{"no reply controls", `<article>` + para + para + para + `<div class="q6">` +
			reply("ann", "2 hours ago", "") + reply("bob", "5 hours ago", "") + `</div></article>`,
			[]string{"The regulator said", "long overdue"}, nil},
		// A thread whose posts are the content keeps them.
		{"thread", `<div class="q0"><h1>Open up</h1><div class="q6">` +
			link("ann", "2 hours ago") + link("bob", "5 hours ago") + link("cy", "1 day ago") + `</div></div>`,
			[]string{"long overdue"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(`<html><body>`+tt.body+`</body></html>`), "", "")
			if err != nil {
				t.Fatal(err)
			}
			checkHolds(t, a.Text, tt.want, tt.not)
		})
	}
}
