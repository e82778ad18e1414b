package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"iter"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// CheckLinks checks that every local href and src in the HTML files under
// dir (a rendered site published at basePath) leads to a file of the site.
// It returns one message per broken link, sorted.
func CheckLinks(dir, basePath string) ([]string, error) {
	var files [][2]string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, [2]string{filepath.ToSlash(rel), p})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return checkOutput(func(yield func(string, string) bool) {
		for _, f := range files {
			if !yield(f[0], f[1]) {
				return
			}
		}
	}, basePath)
}

// checkOutput is CheckLinks on the files of a site by their paths in it
// ("x/index.html") and where they are, which may be in more than one
// folder (Check's).
func checkOutput(output iter.Seq2[string, string], basePath string) ([]string, error) {
	files := map[string]bool{}
	var pages, where []string
	for rel, p := range output {
		rel = "/" + rel
		files[rel] = true
		if strings.HasSuffix(rel, ".html") {
			pages, where = append(pages, rel), append(where, p)
		}
	}
	// Pages are read and parsed on every core: at 50,000 entries, one
	// core took 12 s over the 64,000 pages.
	found, errs := make([][]string, len(pages)), make([]error, len(pages))
	_ = runEach(len(pages), func(i int) error { // its jobs fail into errs
		page := pages[i]
		data, err := os.ReadFile(where[i])
		if err != nil {
			errs[i] = err
			return nil
		}
		for _, link := range localLinks(data) {
			target, ok := resolve(page, link, basePath)
			if !ok {
				continue
			}
			if strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if !files[target] {
				found[i] = append(found[i], fmt.Sprintf("%s: broken link %q", strings.TrimPrefix(page, "/"), link))
			}
		}
		return nil
	})
	// The first page that could not be read, as one page at a time gave.
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	broken := slices.Concat(found...)
	slices.Sort(broken)
	return slices.Compact(broken), nil
}

// localLinks lists the href and src values of a page.
func localLinks(data []byte) []string {
	var links []string
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return links
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				k, v, more := z.TagAttr()
				if string(k) == "href" || string(k) == "src" {
					links = append(links, string(v))
				}
				if !more {
					break
				}
			}
		}
	}
}

// resolve turns a link on page into a site path; ok is false for links
// that leave the site or stay on the page.
func resolve(page, link, basePath string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	if strings.HasPrefix(u.Path, "/") {
		rest, ok := strings.CutPrefix(u.Path, basePath)
		if !ok {
			return u.Path, true // outside the site's base path: broken
		}
		return "/" + rest, true
	}
	p := path.Join(path.Dir(page), u.Path)
	if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
		p = strings.TrimSuffix(p, "/") + "/"
	}
	return p, true
}
