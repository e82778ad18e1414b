package site

import (
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"time"

	"docket/internal/content"
	"docket/internal/projfile"
	"docket/internal/publish"
)

// loadCache is the load cache of the output out (internal/content's
// loadcache.go), or nil when its key cannot be made: the build then
// parses every file, as without one.
func loadCache(root, out string) *content.Cache {
	key, err := loadKey(root)
	if err != nil {
		return nil
	}
	return content.NewCache(publish.DocsPath(out), key)
}

// loadKey hashes what parsing a content file depends on beyond its
// bytes: docket itself, the taxonomy it checks IDs against (all of
// feeds/*.yaml), and the machine's time zone, which a date written
// with Local's offset is parsed into. The build key starts from it.
func loadKey(root string) ([sha256.Size]byte, error) {
	h := newKeyHash()
	exe, err := executableSum()
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	h.write(exe[:])
	files, err := filepath.Glob(filepath.Join(root, "feeds", "*.yaml"))
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	slices.Sort(files)
	for _, p := range files {
		data, err := projfile.ReadFile(p, projfile.MaxConfig) // not a FIFO, which would hang the build
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return [sha256.Size]byte{}, err
		}
		h.field(filepath.Base(p), string(data))
	}
	h.field(os.Getenv("TZ"))
	for _, t := range []time.Time{time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 7, 1, 0, 0, 0, 0, time.UTC), time.Now()} {
		name, off := t.In(time.Local).Zone()
		h.field(name, time.Duration(off).String())
	}
	return h.sum(), nil
}
