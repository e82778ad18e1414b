// Package serve is docket's preview server: it builds the site, serves it
// on loopback, watches content/, templates/ and feeds/, applies each batch
// of changes incrementally and tells browsers to reload over Server-Sent
// Events. A broken file never stops it: while the site cannot be built,
// every page is an error page that names the file and line, and it
// reloads into the site once the file is fixed.
package serve

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"docket/internal/projfile"
	"docket/internal/publish"
	"docket/internal/site"
)

// Options configure the preview server.
type Options struct {
	Root   string        // project folder
	Addr   string        // listen address; default 127.0.0.1:1313
	Poll   time.Duration // poll for changes at this interval instead of using file events
	Drafts bool
	Log    *slog.Logger
	// Ready, if set, receives the server's URL once it listens.
	Ready func(url string)
}

// EventsPath is where browsers listen for reloads.
const EventsPath = "/_docket/events"

//go:embed reload.js
var reloadJS string

// server holds the live site and the browsers listening to it.
type server struct {
	site   *site.Site
	root   string
	log    *slog.Logger
	review *reviewHandler
	// local: it listens on a loopback address, so it answers only
	// requests that name this computer (see loopbackName).
	local bool

	mu      sync.Mutex
	clients map[chan string]bool
	lastErr string
}

// Run serves until ctx ends. It returns an error only when it cannot
// start: the address is taken, the project cannot be read at all.
func Run(ctx context.Context, opts Options) error {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:1313"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("address %s is in use: pick another with --addr, e.g. --addr 127.0.0.1:1314", addr)
		}
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	url := "http://" + openable(ln.Addr()) + "/"
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Watch before the first load: an edit made while it reads the
	// project would otherwise go unseen until the file changed again.
	batches := make(chan []string)
	w := &watcher{root: opts.Root, folders: []string{"content", "templates", "feeds"}, log: log}
	var watch func()
	if opts.Poll > 0 {
		watch = w.watchPoll(ctx, batches, opts.Poll)
	} else if watch, err = w.watchNotify(ctx, batches); err != nil {
		ln.Close()
		return fmt.Errorf("watch files (try --poll): %w", err)
	}
	start := time.Now()
	st, err := site.Load(site.Options{Root: opts.Root, BaseURL: url, Drafts: opts.Drafts})
	s := &server{site: st, root: opts.Root, log: log, clients: map[chan string]bool{}, review: newReviewHandler(opts.Root, log)}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		s.local = true
	} else {
		drafts := ""
		if opts.Drafts {
			drafts = ", drafts included"
		}
		log.Warn("serving beyond this computer: anyone who can reach " + ln.Addr().String() + " reads the site" + drafts + " (the review queue stays local)")
	}
	s.report(err, time.Since(start))
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go watch()
	go s.apply(ctx, batches)
	go func() {
		<-ctx.Done()
		s.closeClients()
		shut, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		_ = hs.Shutdown(shut)
	}()
	log.Info("serving", "url", url, "review_queue", url+strings.TrimPrefix(ReviewPath, "/"))
	if opts.Ready != nil {
		opts.Ready(url)
	}
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openable is addr as a browser here can open it: an address that
// stands for every interface (":1313", "0.0.0.0", "[::]") is reached
// at the loopback address of its family.
func openable(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	ip := net.IPv6loopback
	if tcp.IP.To4() != nil {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

// settleAfter is how long saves must pause before the preview clusters
// every story again (Site.Settle): too slow for each save at 10,000
// entries, and needed to show what a build would.
const settleAfter = time.Second

// apply feeds batches of changes to the site and tells browsers; once
// saves pause, it settles the stories and tells browsers again if a
// story's reports changed (scores alone show only in a data file).
func (s *server) apply(ctx context.Context, batches <-chan []string) {
	settle := time.NewTimer(settleAfter)
	settle.Stop()
	for {
		select {
		case <-ctx.Done():
			settle.Stop()
			return
		case paths := <-batches:
			start := time.Now()
			ch, err := s.site.Update(paths)
			s.report(err, time.Since(start))
			if err == nil && rulesChanged(paths) {
				go s.reselect()
			}
			s.log.Debug("rebuilt", "paths", paths, "ms", time.Since(start).Milliseconds())
			data, _ := json.Marshal(map[string]string{"path": ch.Entry})
			s.broadcast(string(data))
			settle.Reset(settleAfter)
		case <-settle.C:
			start := time.Now()
			if shown, err := s.site.Settle(); err == nil && shown {
				s.log.Debug("settled the stories", "ms", time.Since(start).Milliseconds())
				s.broadcast(`{"path":""}`)
			}
		}
	}
}

func rulesChanged(paths []string) bool {
	for _, p := range paths {
		if p == "feeds/topics.yaml" || p == "feeds/entities.yaml" {
			return true
		}
	}
	return false
}

// reselect tells an editor tuning the rules what they would change.
func (s *server) reselect() {
	added, dropped, err := s.site.Reselect()
	if err != nil {
		s.log.Warn("re-selecting with the new rules", "err", err)
		return
	}
	s.log.Info("the rules changed: re-selected content/news; 'docket select --diff' lists the items, '--apply' writes them",
		"would_add", added, "would_drop", dropped)
}

// report logs the site's state once per change: an error when there is
// one (and not again while it stays the same), a note when it clears.
func (s *server) report(err error, took time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	switch {
	case msg != "" && msg != s.lastErr:
		s.log.Error("the site cannot be built; the browser shows why", "err", msg)
	case msg == "" && s.lastErr != "":
		s.log.Info("fixed; the site is back", "ms", took.Milliseconds())
	case msg == "":
		s.log.Info("built", "ms", took.Milliseconds())
	}
	s.lastErr = msg
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.local && !loopbackName(r.Host) {
		// A page of another site whose name was rebound to 127.0.0.1
		// (DNS rebinding) would read the preview, drafts included.
		http.Error(w, "this preview answers to localhost and loopback addresses (127.0.0.1, [::1]) only", http.StatusForbidden)
		return
	}
	if strings.HasPrefix(r.URL.Path+"/", ReviewPath) {
		s.review.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD") // a 405 must say what is allowed (RFC 9110)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == EventsPath:
		s.events(w, r)
		return
	case strings.HasPrefix(p, "/assets/"):
		s.asset(w, r)
		return
	}
	if err := s.site.Err(); err != nil {
		s.errorPage(w, err)
		return
	}
	body, err := s.site.Get(p)
	if errors.Is(err, site.ErrNotFound) && !strings.HasSuffix(p, "/") {
		if _, err2 := s.site.Get(p + "/"); err2 == nil {
			// Clean: "//topics/" would be a URL of the host "topics". The
			// query is kept, as static hosts do: "/search?q=fine" searches.
			to := path.Clean("/"+p) + "/"
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if errors.Is(err, site.ErrNotFound) {
		status = http.StatusNotFound
		p = "/404.html"
		body, err = s.site.Get(p)
	}
	if err != nil {
		s.errorPage(w, err)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(p))
	if strings.HasSuffix(p, "/") || ctype == "" {
		ctype = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(ctype, "text/html") {
		body = injectReload(body)
	}
	w.WriteHeader(status)
	w.Write(body)
}

// asset serves templates/assets from disk, so a CSS edit shows at once:
// the files a build copies, and nothing else (no hidden files, no folder
// listings, nothing through a link or a linked folder, no special files).
func (s *server) asset(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(strings.TrimPrefix(r.URL.Path, "/assets/"))
	if !filepath.IsLocal(name) || !publish.Asset(path.Base(name)) || strings.Contains("/"+name, "/.") || projfile.Within(s.site.AssetsDir(), name) != nil {
		http.NotFound(w, r)
		return
	}
	f, err := projfile.Open(filepath.Join(s.site.AssetsDir(), filepath.FromSlash(name)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// injectReload adds the live-reload script before </body>. docket build
// never calls it, so published pages carry no trace of the preview.
func injectReload(page []byte) []byte {
	tag := "<script>" + reloadJS + "</script>\n"
	i := strings.LastIndex(string(page), "</body>")
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// events streams reload events to one browser until it goes away.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan string, 4)
	s.mu.Lock()
	s.clients[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, ch)
		s.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n: connected\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case data, ok := <-ch:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: reload\ndata: %s\n\n", data)
			flusher.Flush()
		}
	}
}

func (s *server) broadcast(data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.clients {
		select {
		case ch <- data:
		default: // a slow browser misses nothing it needs: the next event reloads too
		}
	}
}

func (s *server) closeClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.clients {
		close(ch)
		delete(s.clients, ch)
	}
}

// exists reports whether a file exists; used for error-page context.
func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
