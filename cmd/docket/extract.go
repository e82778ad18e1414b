package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"docket/internal/extract"
	"docket/internal/projfile"
)

const extractSummary = "run the article extractor on saved HTML"

// extractResult is one line of `docket extract --jsonl`.
type extractResult struct {
	File       string  `json:"file"`
	URL        string  `json:"url"`
	Title      string  `json:"title"`
	Date       string  `json:"date"`
	Author     string  `json:"author"`
	Lang       string  `json:"lang"`
	Text       string  `json:"text"`
	Markdown   string  `json:"markdown"`
	Confidence float64 `json:"confidence"`
	Method     string  `json:"method,omitempty"`
	Charset    string  `json:"charset,omitempty"`
	MS         float64 `json:"ms"`
	Error      string  `json:"error,omitempty"`
}

func runExtract(std stdio, args []string) error {
	fs := newFlags(std, "extract", "FILE|DIR… [--url URL] [--jsonl]",
		"Extract the article from saved pages (.html, .html.gz). One file prints its\nMarkdown; --jsonl prints one JSON line per file, sorted by file name.")
	pageURL := fs.String("url", "", "address the pages were fetched from (resolves relative links)")
	jsonl := fs.Bool("jsonl", false, "print one JSON line per file")
	paths, err := parseAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError("no FILE or DIR given")
	}
	files, err := pageFiles(paths)
	if err != nil {
		return err
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	results := extractAll(x, files, *pageURL)
	failed := 0
	enc := json.NewEncoder(std.out)
	enc.SetEscapeHTML(false)
	for i, r := range results {
		if r.Error != "" {
			failed++
			fmt.Fprintf(std.err, "docket extract: %s: %s\n", files[i], r.Error)
		}
		switch {
		case *jsonl:
			if err := enc.Encode(r); err != nil {
				return err
			}
		case len(results) > 1:
			fmt.Fprintf(std.out, "==> %s <==\n%s\n\n", files[i], r.Markdown)
		default:
			fmt.Fprintln(std.out, r.Markdown)
		}
	}
	if failed > 0 {
		return &exitError{1, fmt.Errorf("%d of %d files failed", failed, len(files))}
	}
	return nil
}

// pageFiles expands directories into their .html and .html.gz files.
func pageFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range entries {
			if !e.IsDir() && (strings.HasSuffix(e.Name(), ".html") || strings.HasSuffix(e.Name(), ".html.gz")) {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			files = append(files, filepath.Join(p, n))
		}
	}
	return files, nil
}

// extractAll runs the extractor on every file with one worker per core;
// results keep the order of files.
func extractAll(x *extract.Extractor, files []string, pageURL string) []extractResult {
	results := make([]extractResult, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = extractFile(x, files[i], pageURL)
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

func extractFile(x *extract.Extractor, path, pageURL string) extractResult {
	r := extractResult{File: filepath.Base(path), URL: pageURL}
	body, err := readPage(path)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	start := time.Now()
	a, err := x.Extract(body, "", pageURL)
	r.MS = float64(time.Since(start).Microseconds()) / 1000
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.URL, r.Title, r.Author, r.Lang = a.URL, a.Title, a.Author, a.Lang
	r.Text, r.Markdown, r.Confidence = a.Text, a.Markdown, a.Confidence
	r.Method, r.Charset = a.Method, a.Charset
	if !a.Published.IsZero() {
		r.Date = a.Published.Format(time.RFC3339)
	}
	return r
}

// readPage reads a page, gunzipping .gz files, up to the extractor's cap.
// A FIFO or device holds no saved page, and is refused before opening.
func readPage(path string) ([]byte, error) {
	f, err := projfile.OpenInput(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	return io.ReadAll(io.LimitReader(r, extract.DefaultMaxBytes+1))
}
