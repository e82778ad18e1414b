package site

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/html"

	"docket/internal/publish"
)

// CheckLinks checks that every local href and src in the HTML files under
// dir (a rendered site published at basePath) leads to a file of the site.
// It returns one message per broken link, sorted.
func CheckLinks(dir, basePath string) ([]string, error) {
	var files []publish.File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, publish.NewFile(dir, filepath.ToSlash(rel), [32]byte{}))
		return nil
	})
	if err != nil {
		return nil, err
	}
	broken, _, _, err := checkFiles(files, basePath, nil)
	return broken, err
}

// checkFiles is CheckLinks on the files of a site, which may lie in more
// than one folder (Check's). A page last knows whole, each of its links
// still leading to a file, is not read (see linksRecord); next is what
// this check found, for the next one, and read how many pages it read.
func checkFiles(files []publish.File, basePath string, last *linksRecord) (broken []string, next *linksRecord, read int, err error) {
	index := make(map[string]int32, len(files)) // by File.SitePath, "/x/" for x/index.html
	next = &linksRecord{files: make([]linkKey, len(files)), whole: map[linkKey][]byte{}}
	var pages []int
	for i, f := range files {
		index[f.SitePath] = int32(i)
		rel := f.Rel()
		next.files[i] = pathKey(rel)
		if strings.HasSuffix(rel, ".html") {
			pages = append(pages, i)
		}
	}
	// Where the last check's files are now, -1 for gone.
	var moved []int32
	if last != nil {
		now := make(map[linkKey]int32, len(files))
		for i, k := range next.files {
			now[k] = int32(i)
		}
		moved = make([]int32, len(last.files))
		for i, k := range last.files {
			if j, ok := now[k]; ok {
				moved[i] = j
			} else {
				moved[i] = -1
			}
		}
	}
	// Pages are read and parsed on every core: at 50,000 entries, one
	// core took 12 s over the 64,000 pages.
	found, errs := make([][]string, len(pages)), make([]error, len(pages))
	targets := make([][]byte, len(pages)) // of the pages found whole (see linksRecord)
	keys := make([]linkKey, len(pages))
	var reads atomic.Int64
	_ = runEach(len(pages), func(i int) error { // its jobs fail into errs
		f := files[pages[i]]
		keys[i] = linkedPageKey(f)
		if last != nil {
			if t, ok := last.whole[keys[i]]; ok {
				if targets[i], ok = movedAll(t, moved); ok {
					return nil
				}
			}
		}
		reads.Add(1)
		var t []int32
		t, found[i], errs[i] = pageLinks(f, index, basePath)
		if len(found[i]) == 0 && errs[i] == nil {
			targets[i] = encodeTargets(t)
		}
		return nil
	})
	// The first page that could not be read, as one page at a time gave.
	for _, err := range errs {
		if err != nil {
			return nil, nil, 0, err
		}
	}
	for i, t := range targets {
		if t != nil {
			next.whole[keys[i]] = t
		}
	}
	broken = slices.Concat(found...)
	slices.Sort(broken)
	return slices.Compact(broken), next, int(reads.Load()), nil
}

// movedAll is encoded targets, places in the last check's files, as
// places in this one's; ok is false when one of them is gone.
func movedAll(enc []byte, moved []int32) ([]byte, bool) {
	var now []int32
	ok := eachTarget(enc, func(t int32) bool {
		if int(t) >= len(moved) || moved[t] < 0 {
			return false
		}
		now = append(now, moved[t])
		return true
	})
	if !ok {
		return nil, false
	}
	slices.Sort(now)
	return encodeTargets(now), true
}

// pageLinks reads the page f and lists its broken links, one message
// each, and the files its other links lead to, by index, sorted (never
// nil).
func pageLinks(f publish.File, index map[string]int32, basePath string) (targets []int32, broken []string, err error) {
	file, err := os.Open(f.Path())
	if err != nil {
		return nil, nil, err
	}
	defer file.Close()
	r := pageReaders.Get().(*bufio.Reader)
	r.Reset(file)
	defer func() { r.Reset(nil); pageReaders.Put(r) }()
	targets = []int32{}
	err = eachLink(r, func(link string) {
		target, ok := resolve(f.SitePath, link, basePath)
		if !ok {
			return
		}
		// "" is a path outside the site's base path: never a page.
		if i, ok := index[publish.SitePathForm(target)]; ok && target != "" {
			targets = append(targets, i)
		} else {
			broken = append(broken, fmt.Sprintf("%s: broken link %q", f.Rel(), link))
		}
	})
	if err != nil { // a read error, which names the file
		return nil, nil, err
	}
	slices.Sort(targets)
	return slices.Compact(targets), broken, nil
}

// pageReaders read pages for links. A page is streamed through the
// tokenizer, not read whole: the fines page grows with the archive (a
// year's archive, one page until 6a353b8, was ~80 MB at a million
// entries), and a buffer each on every worker held a gigabyte.
var pageReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}

// eachLink calls fn with each href and src value of the page r reads,
// and returns the error reading it, if any.
func eachLink(r io.Reader, fn func(link string)) error {
	z := html.NewTokenizer(r)
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return err
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				k, v, more := z.TagAttr()
				if string(k) == "href" || string(k) == "src" {
					fn(string(v))
				}
				if !more {
					break
				}
			}
		}
	}
}

// resolve turns a link on page into a site path, as a browser resolves
// it from the page at basePath; ok is false for links that leave the
// site or stay on the page. A path outside the base path is "", ok: a
// broken link, even where the site has that path.
func resolve(page, link, basePath string) (string, bool) {
	// Most links are plain paths, which url.Parse would give back as
	// they are, at the cost of a URL each (a million at 50,000 entries).
	upath := link
	if link == "" || strings.ContainsAny(link, ":?#%") || strings.HasPrefix(link, "//") ||
		strings.ContainsFunc(link, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		u, err := url.Parse(link)
		if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
			return "", false
		}
		upath = u.Path
	}
	return sitePath(page, upath, basePath), true
}

// sitePath is the site path that the URL path upath, on page, leads to
// under basePath (which ends in "/"), or "" outside it.
func sitePath(page, upath, basePath string) string {
	if !strings.HasPrefix(upath, "/") {
		upath = basePath + page[1:strings.LastIndex(page, "/")+1] + upath
	}
	rest, ok := strings.CutPrefix(removeDots(upath), basePath)
	if !ok {
		return ""
	}
	return "/" + rest
}

// removeDots removes the "." and ".." segments of the absolute path p
// as RFC 3986 (5.2.4) does, and as browsers do: unlike path.Clean it
// keeps empty segments ("a//b") and the slash that ends a folder
// ("a/." is "a/").
func removeDots(p string) string {
	if !strings.Contains(p, "/.") {
		return p
	}
	segs := strings.Split(p[1:], "/")
	out := segs[:0]
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return "/" + strings.Join(out, "/")
}
