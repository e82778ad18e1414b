package serve

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"

	"docket/internal/lock"
	"docket/internal/review"
	"docket/internal/topic"
)

// ReviewPath is the review queue's page. It exists only in the preview
// server: docket build never writes it.
const ReviewPath = "/_review/"

// reviewHandler shows the review queue and takes the editors' decisions.
// Its write action changes files, so it answers only what a page it
// served could send: from loopback, same-origin, with the token drawn at
// start and written into the page. A page of another site open in the
// same browser can neither read the token nor pass the origin checks.
type reviewHandler struct {
	root  string
	token string
	log   *slog.Logger
	// mu makes this server's decisions one at a time: the project lock
	// refuses a second holder, even of the same process, and a double
	// click would be told another review is running.
	mu sync.Mutex
}

func newReviewHandler(root string, log *slog.Logger) *reviewHandler {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand's documentation)
	return &reviewHandler{root: root, token: hex.EncodeToString(b), log: log}
}

func (h *reviewHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	if !loopback(r) {
		http.Error(w, "the review queue is served to this computer only", http.StatusForbidden)
		return
	}
	switch {
	case r.URL.Path == ReviewPath && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		h.page(w, "")
	case r.URL.Path+"/" == ReviewPath: // typed without its slash
		http.Redirect(w, r, ReviewPath, http.StatusMovedPermanently)
	case r.URL.Path == ReviewPath+"decide" && r.Method == http.MethodPost:
		h.decide(w, r)
	case r.URL.Path == ReviewPath:
		w.Header().Set("Allow", "GET, HEAD") // a 405 must say what is allowed (RFC 9110)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case r.URL.Path == ReviewPath+"decide":
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		http.NotFound(w, r)
	}
}

// loopback: the request came from this computer and names it as the host
// (a rebound DNS name pointing at 127.0.0.1 does not).
func loopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return false
	}
	return loopbackName(r.Host)
}

// loopbackName: a request's Host names this computer: localhost or a
// name under it (RFC 6761), in any case and with a root's dot, or a
// loopback address. A request with an empty Host (HTTP/1.0 sends none)
// is no browser's.
func loopbackName(host string) bool {
	name, _, err := net.SplitHostPort(host)
	if err != nil {
		name = host
	}
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	ip := net.ParseIP(strings.Trim(name, "[]"))
	return host == "" || name == "localhost" || strings.HasSuffix(name, ".localhost") || ip != nil && ip.IsLoopback()
}

// sameOrigin: the browser says the form came from this server. Browsers
// send Sec-Fetch-Site or Origin with every POST; a request with neither
// did not come from our page.
func sameOrigin(r *http.Request) bool {
	site, origin := r.Header.Get("Sec-Fetch-Site"), r.Header.Get("Origin")
	if site != "" && site != "same-origin" {
		return false
	}
	if origin != "" && origin != "http://"+r.Host {
		return false
	}
	return site != "" || origin != ""
}

func (h *reviewHandler) decide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if !sameOrigin(r) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("token")), []byte(h.token)) != 1 {
		http.Error(w, "missing or wrong token: reload the review page", http.StatusForbidden)
		return
	}
	p, err := h.project()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h.mu.Lock()
	out, err := p.Decide(r.PostForm.Get("id"), r.PostForm.Get("decision"), r.PostForm["topic"])
	h.mu.Unlock()
	switch {
	case errors.Is(err, review.ErrNotQueued), errors.Is(err, lock.ErrBusy): // the project as it is, not the form
		w.WriteHeader(http.StatusConflict)
		h.page(w, err.Error())
		return
	case err != nil:
		w.WriteHeader(http.StatusBadRequest)
		h.page(w, err.Error())
		return
	}
	h.log.Info("review", "decision", r.PostForm.Get("decision"), "item", out.Item.ID, "path", out.Path, "had", out.Had, "left_out", out.Left)
	http.Redirect(w, r, ReviewPath, http.StatusSeeOther)
}

func (h *reviewHandler) project() (review.Project, error) { return review.Open(h.root) }

// reviewItem is one queued item as the page shows it.
type reviewItem struct {
	review.Item
	Explain string
	Checked map[string]bool
}

func (h *reviewHandler) page(w http.ResponseWriter, message string) {
	data := struct {
		Token, Message, Error string
		Topics                []string
		Items                 []reviewItem
	}{Token: h.token, Message: message}
	rules, err := topic.Load(filepath.Join(h.root, "feeds"))
	var q *review.Queue
	if err == nil {
		q, err = review.Project{Root: h.root}.Load()
	}
	if q == nil && err != nil {
		data.Error = err.Error()
	} else {
		if err != nil {
			data.Error = err.Error() // a broken decisions line: the queue is still shown
		}
		data.Topics = rules.TopicIDs()
		for _, it := range q.Items() {
			var b bytes.Buffer
			_ = rules.Explain(&b, it.Scored())
			ri := reviewItem{Item: it, Explain: b.String(), Checked: map[string]bool{}}
			for _, t := range it.DoubtTopics() {
				ri.Checked[t] = true
			}
			data.Items = append(data.Items, ri)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := reviewPage.Execute(w, data); err != nil {
		h.log.Warn("review page", "err", err)
	}
}

var reviewPage = template.Must(template.New("review").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Review queue</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.4 system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}
article{border-top:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap;font-size:.8rem;background:#f6f6f6;padding:.5rem}
.msg{background:#ffe;border:1px solid #cc9;padding:.5rem}</style></head><body>
<h1>Review queue</h1>
<p>Items the topic rules were unsure of (feeds/review.jsonl). Keep writes the item to content/news with
<code>pinned: true</code> and the topics ticked; drop records it. Every decision is added to feeds/decisions.jsonl.
Leave an item to skip it. This page exists only in <code>docket serve</code>.</p>
{{with .Message}}<p class="msg" role="status">{{.}}</p>{{end}}
{{with .Error}}<p class="msg" role="alert">{{.}}</p>{{end}}
{{if not .Items}}<p>The queue is empty.</p>{{end}}
{{range .Items}}{{$it := .}}
<article><h2>{{.Title}}</h2>
<p>{{.Source}} ({{.Feed}}), <time>{{.Date.Format "2006-01-02"}}</time>{{with .URL}}, <a href="{{.}}" rel="noopener noreferrer">source</a>{{end}}</p>
{{with .Summary}}<p>{{.}}</p>{{end}}
<ul>{{range .Doubts}}<li>unsure: {{.Topic}}, score {{.Score}} of {{.Threshold}}: {{.Why}}</li>{{end}}</ul>
<details><summary>How the rules scored it</summary><pre>{{.Explain}}</pre></details>
<form method="post" action="decide">
<input type="hidden" name="token" value="{{$.Token}}"><input type="hidden" name="id" value="{{.ID}}">
<fieldset><legend>Topics</legend>{{range $.Topics}}
<label><input type="checkbox" name="topic" value="{{.}}"{{if index $it.Checked .}} checked{{end}}> {{.}}</label>{{end}}</fieldset>
<button name="decision" value="keep">Keep</button> <button name="decision" value="drop">Drop</button>
</form></article>
{{end}}
</body></html>
`))
