package content

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"docket/internal/projfile"
)

// NewsRef is what tells the item a news file holds from others: the
// fields of sources.ItemRef, which converts from it, and the file's path
// relative to the content folder.
type NewsRef struct {
	Feed, ID, URL, GUID, Title string
	Path                       string // news/2026/11/slug.md
}

// EachNewsFile calls fn with the path and the item of every news file
// under root/news (FileRef; Path relative to root).
func EachNewsFile(root string, fn func(path string, r NewsRef)) error {
	return EachNewsFileIn(root, "news", fn)
}

// EachNewsFileIn is EachNewsFile for the files under root/dir only (dir
// slash-separated, news/2026/11 for a month): a folder that does not
// exist has none.
func EachNewsFileIn(root, dir string, fn func(path string, r NewsRef)) error {
	news := filepath.Join(root, filepath.FromSlash(dir))
	return filepath.WalkDir(news, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == news {
			return filepath.SkipAll
		}
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		data, err := projfile.ReadFile(p, projfile.MaxEntry) // a FIFO or a link to /dev/zero is refused, not read
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		r := FileRef(p, strings.TrimSuffix(filepath.ToSlash(rel), ".md"), data)
		r.Path = filepath.ToSlash(rel)
		fn(p, r)
		return nil
	})
}

// FileRef is the item a news file holds: its front matter's feed, id,
// url, guid and title. A file whose front matter does not parse still
// gives the lines it has, because an editor's typo must not make fetch
// write the item again.
func FileRef(path, rel string, data []byte) NewsRef {
	if doc, _ := Parse(path, rel, data, nil); doc != nil {
		return NewsRef{Feed: doc.Feed, ID: doc.ID, URL: doc.URL, GUID: doc.GUID, Title: doc.Title}
	}
	var r NewsRef
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch {
		case !ok:
		case k == "feed":
			r.Feed = v
		case k == "id":
			r.ID = v
		case k == "url":
			r.URL = v
		case k == "guid":
			r.GUID = v
		case k == "title":
			r.Title = v
		}
	}
	return r
}
