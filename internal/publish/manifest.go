package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"docket/internal/projfile"
)

// ManifestPath is the build manifest, written last.
const ManifestPath = "/build.json"

// Manifest is /build.json: what a build was made from and what it made.
// Two builds from the same inputs by the same docket have the same
// manifest and the same files, wherever they ran.
//
// Both hashes are the sha256 of a sha256sum listing: one line
// "<sha256 of the file>  <path>\n" per file, sorted by path bytewise, so
// they can be checked without docket:
//
//	find content feeds templates -type f ! -path '*/.*' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum
//	cd public && find . -type f ! -path ./build.json | cut -c3- | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum
type Manifest struct {
	Docket    string    `json:"docket"`              // docket's version
	BuildTime time.Time `json:"build_time,omitzero"` // SOURCE_DATE_EPOCH; absent when unset
	BaseURL   string    `json:"base_url,omitempty"`  // --base-url, when given
	Drafts    bool      `json:"drafts,omitempty"`    // --drafts
	Inputs    string    `json:"inputs"`              // content/, feeds/ and templates/, hidden files left out
	Outputs   string    `json:"outputs"`             // every file of the site but build.json
	Files     int       `json:"files"`               // files in Outputs
}

// Marshal is build.json's bytes.
func (m Manifest) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return append(data, '\n'), nil
}

// TreeHash hashes the files under the folders dirs of root (missing ones
// are empty) as Manifest describes, leaving out hidden files and folders
// and a top-level build.json. It returns the hash and the file count.
func TreeHash(root string, dirs ...string) (string, int, error) {
	return TreeHashKnown(root, nil, dirs...)
}

// TreeHashKnown is TreeHash given the sums of files already read, by
// path relative to root: those are not read again.
func TreeHashKnown(root string, known map[string][sha256.Size]byte, dirs ...string) (string, int, error) {
	var lines []string
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) && p == filepath.Join(root, d) {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			switch {
			case strings.HasPrefix(e.Name(), ".") && rel != ".":
				if e.IsDir() {
					return filepath.SkipDir
				}
				return nil
			case e.IsDir(), rel == "build.json":
				return nil
			}
			if sum, ok := known[rel]; ok {
				lines = append(lines, sumLineOf(sum, rel))
				return nil
			}
			sum, err := hashFile(p)
			lines = append(lines, sumLineOf(sum, rel))
			return err
		})
		if err != nil {
			return "", 0, err
		}
	}
	return ListHash(lines), len(lines), nil
}

// hashFile hashes a regular file as it streams by: the inputs are not
// capped here (content.Load and the asset copy cap what they read), and a
// link or special file is an error, as everywhere the build reads.
func hashFile(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := projfile.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// sumLine is a file's line in a sha256sum listing.
func sumLine(data []byte, path string) string { return sumLineOf(sha256.Sum256(data), path) }

func sumLineOf(sum [sha256.Size]byte, path string) string {
	return hex.EncodeToString(sum[:]) + "  " + path + "\n"
}

// ListHash sorts a sha256sum listing by path and hashes it.
func ListHash(lines []string) string {
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil))
}
