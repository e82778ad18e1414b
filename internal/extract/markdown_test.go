package extract

import "testing"

// TestMarkdown converts the markup the writer produces, one construct a
// case.
func TestMarkdown(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"paragraphs", `<p>One.</p><p>Two.</p>`, "One.\n\nTwo."},
		{"double break is a paragraph", `<div>One.<br> <br>Two.<br></div>`, "One.\n\nTwo."},
		{"single break", `<p>One<br>two</p>`, "One  \ntwo"},
		{"heading", `<h2>What <em>changed</em></h2><p>x</p>`, "## What *changed*\n\nx"},
		{"escapes", `<p>a *star*, [note], a_b, _x_, &amp;copy; &lt;b&gt; 2 &lt; 3</p>`,
			`a \*star\*, \[note\], a_b, \_x\_, \&copy; \<b> 2 < 3`},
		{"block syntax at line start", `<p>1. not a list</p><p># not a heading</p><p>- not an item</p><p>&gt; not a quote</p>`,
			"1\\. not a list\n\n\\# not a heading\n\n\\- not an item\n\n\\> not a quote"},
		{"spaces move out of marks", `<p>a<strong> bold </strong>b <a href="https://x.example/">link </a>c</p>`,
			"a **bold** b [link](https://x.example/) c"},
		{"break moves out of a link", `<p><a href="https://x.example/">x<br></a>y</p>`, "[x](https://x.example/)  \ny"},
		{"empty link", `<p>a<a href="https://x.example/"> </a>b</p>`, "a b"},
		{"image link", `<p><a href="https://x.example/big.png"><img src="https://x.example/s.png" alt="A map"></a></p>`,
			"[![A map](https://x.example/s.png)](https://x.example/big.png)"},
		{"parentheses in a URL", `<p><a href="https://x.example/a_(b)">w</a></p>`, "[w](<https://x.example/a_(b)>)"},
		{"lists", `<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><ol><li>first</li><li>second</li></ol>`,
			"- one\n- two\n  - inner\n\n1. first\n2. second"},
		{"quote", `<blockquote><p>One.</p><p>Two.</p></blockquote>`, "> One.\n>\n> Two."},
		{"code", "<pre><code>x := 1\n\nfmt.Println(x)</code></pre><p>use <code>go vet</code></p>",
			"```\nx := 1\n\nfmt.Println(x)\n```\n\nuse `go vet`"},
		{"table", `<table><tr><th>Step</th><th>When</th></tr><tr><td>Publish a|b</td><td>3 months</td></tr></table>`,
			"| Step         | When     |\n|--------------|----------|\n| Publish a\\|b | 3 months |"},
		{"layout table", `<table><tr><td><p>One.</p><p>Two.</p></td></tr><tr><td>Three <b>bold</b></td></tr></table>`,
			"One.\n\nTwo.\n\nThree **bold**"},
		{"one column", `<table><tr><td>One</td></tr><tr><td>Two</td></tr></table>`, "One\n\nTwo"},
		{"rule and strike", `<p><s>old</s> new</p><hr><p>after</p>`, "~~old~~ new\n\n* * *\n\nafter"},
		{"private use text", "<p>a\uE000b\uE001c</p>", "a b c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := markdown(tt.html)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
