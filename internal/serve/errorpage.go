package serve

import (
	"bufio"
	"html/template"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// problem is one line of a build error, located where possible.
type problem struct {
	File, Msg string
	Line, Col int
	Context   []sourceLine
}

type sourceLine struct {
	N    int
	Text string
	Here bool
}

// locRE finds "file:line:col: message" and "file:line: message", after an
// optional "template: " that html/template puts first.
var locRE = regexp.MustCompile(`^(?:template: )?([^\s:][^:]*):(\d+)(?::(\d+))?: (.*)$`)

// problems splits an error into lines and locates each.
func problems(err error) []problem {
	var ps []problem
	for _, line := range strings.Split(err.Error(), "\n") {
		if line == "" || strings.HasSuffix(line, ":") && !strings.Contains(line, " ") {
			continue // phase headings such as "load:"
		}
		m := locRE.FindStringSubmatch(line)
		if m == nil || !exists(m[1]) {
			ps = append(ps, problem{Msg: line})
			continue
		}
		n, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		ps = append(ps, problem{File: m[1], Line: n, Col: c, Msg: m[4], Context: around(m[1], n, 3)})
	}
	return ps
}

// around returns the lines of a file within k of line n.
func around(file string, n, k int) []sourceLine {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []sourceLine
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan() && i <= n+k; i++ {
		if i >= n-k {
			out = append(out, sourceLine{N: i, Text: sc.Text(), Here: i == n})
		}
	}
	return out
}

var errorTmpl = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build error · docket</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d1f23; background: #fff8f6; }
h1 { color: #a11; font-size: 1.4rem; }
.problem { background: #fff; border: 1px solid #e7c6c0; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
.where { font-family: ui-monospace, monospace; font-weight: 600; }
pre { background: #f6f6f4; padding: .5rem; overflow-x: auto; margin: .5rem 0 0; }
.here { background: #ffe1dc; display: block; }
.n { color: #888; display: inline-block; width: 3em; text-align: right; margin-right: 1em; user-select: none; }
@media (prefers-color-scheme: dark) {
  body { background: #1c1414; color: #eee; } .problem { background: #241a1a; border-color: #5a3030; }
  pre { background: #151010; } .here { background: #4a2222; } h1 { color: #ff8a80; }
}
</style>
</head>
<body>
<h1>The site cannot be built</h1>
<p>Fix the file and save: this page reloads by itself.</p>
{{range .}}
<div class="problem">
 {{if .File}}<div class="where">{{.File}}:{{.Line}}{{if .Col}}:{{.Col}}{{end}}</div>{{end}}
 <div class="msg">{{.Msg}}</div>
 {{with .Context}}<pre>{{range .}}<span{{if .Here}} class="here"{{end}}><span class="n">{{.N}}</span>{{.Text}}</span>
{{end}}</pre>{{end}}
</div>
{{end}}
</body>
</html>
`))

// errorPage answers any request while the site is broken.
func (s *server) errorPage(w http.ResponseWriter, err error) {
	var b strings.Builder
	if e := errorTmpl.Execute(&b, problems(err)); e != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(injectReload([]byte(b.String())))
}
