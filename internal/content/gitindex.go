package content

// Git's word for a file. A checkout, a CI run's first step, gives every
// content file new times, so the load cache's stat check fails for all
// of them and each is read and hashed: at 50,000 entries, seconds of a
// build that changed twenty. Git's index already knows each file as it
// checked it out: its stat then and its blob ID. A file whose stat is
// still the one the index recorded holds that blob (git's own test, as
// diff-files makes it); when the blob is the one the cache recorded for
// its document, the file holds the bytes that document was parsed from,
// and is not read.
//
// The index is read here (go-git's decoder), not asked of git's
// commands: ls-files and diff-files cost about 0.5 s of CPU at 50,000
// files, most of it diff-files's lstat of every file, which the load
// makes anyway, and two processes; reading the index costs about 0.13 s
// (a 5 MB file, hashed as it is read). Git is run once,
// to say where the index is. Even so, a load reads the index only once
// many files have failed their stat check, or when the first records of
// the cache all fail theirs (a checkout: the index is read while the
// cache still is): a local build that changed a few files reads them,
// as before. Without git, outside a work tree, or with an index the
// decoder does not know (a split or sparse one), nothing changes.

import (
	"crypto/sha1"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// blobID is a file's name in git: the SHA-1 of its bytes with a header.
type blobID [sha1.Size]byte

// gitBlob is the blob ID git gives a file holding data.
func gitBlob(data []byte) blobID {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	return blobID(h.Sum(nil))
}

// gitAfter is how many files fail their stat check before a load asks
// git about the rest.
var gitAfter int64 = 256

// gitIndex is what git's index says of the files under a folder, by
// path relative to the folder.
type gitIndex struct {
	dir     string
	misses  atomic.Int64
	started atomic.Bool
	once    sync.Once
	files   map[string]gitFile
}

// gitFile is a file as git's index recorded it.
type gitFile struct {
	mtime, ctime int64  // Unix nanoseconds
	size, ino    uint32 // the index keeps their low 32 bits
	blob         blobID
}

// holds reports whether a file that stats as st is still the file the
// index recorded, and so holds its blob. Where statOf gives no change
// time or inode (not unix), none is.
func (f gitFile) holds(st fileStat) bool {
	return f.mtime == st.mtime && f.ctime == st.ctime && f.size == uint32(st.size) && f.ino == uint32(st.ino)
}

func newGitIndex(dir string) *gitIndex { return &gitIndex{dir: dir} }

// blob is the blob ID of the file at rel (relative to the folder, with
// its extension), which stats as st, if git's index vouches for it; it
// reads the index on the gitAfter-th call, or waits for the reading
// start began, and says nothing before.
func (g *gitIndex) blob(rel string, st fileStat) (blobID, bool) {
	if g == nil || g.misses.Add(1) <= gitAfter && !g.started.Load() {
		return blobID{}, false
	}
	g.once.Do(g.read)
	f, ok := g.files[rel]
	return f.blob, ok && f.holds(st)
}

// start reads the index now, without waiting for it.
func (g *gitIndex) start() {
	if g != nil && !g.started.Swap(true) {
		go g.once.Do(g.read)
	}
}

// read reads the index of the work tree dir is in; any failure, such as
// no git or no work tree, leaves it empty.
func (g *gitIndex) read() {
	// The index's path (a worktree's own, GIT_INDEX_FILE) and dir's
	// place in the work tree, from git itself.
	out, err := git(g.dir, "rev-parse", "--show-prefix", "--git-path", "index")
	if err != nil {
		return
	}
	prefix, path, ok := strings.Cut(strings.TrimSuffix(string(out), "\n"), "\n")
	if !ok {
		return
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(g.dir, path)
	}
	g.files, _ = readGitIndex(path, prefix)
}

// readGitIndex reads the git index at path: the files under prefix (a
// folder of the work tree, "" for all, else ending in "/") that git
// would take as they are by their stat, by path relative to prefix.
// Those are the files at stage 0 (not in a merge's conflict), neither
// skipped by a sparse checkout nor only meant to be added, and not
// racily clean: a file modified no earlier than the index was written
// may have changed within the same clock tick, and git reads it.
func readGitIndex(path, prefix string) (files map[string]gitFile, err error) {
	// An index the decoder trips on costs the load its shortcut, never
	// the build.
	defer func() {
		if r := recover(); r != nil {
			files, err = nil, fmt.Errorf("git index %s: %v", path, r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var idx index.Index
	if err := index.NewDecoder(f).Decode(&idx); err != nil {
		return nil, fmt.Errorf("git index %s: %w", path, err)
	}
	written := fi.ModTime().UnixNano()
	files = make(map[string]gitFile, len(idx.Entries))
	for _, e := range idx.Entries {
		rel, ok := strings.CutPrefix(e.Name, prefix)
		// Stage 0 is merged (go-git's index.Merged is 1, a mistake).
		if !ok || e.Stage != 0 || e.SkipWorktree || e.IntentToAdd || e.ModifiedAt.IsZero() {
			continue
		}
		mtime := e.ModifiedAt.UnixNano()
		if mtime >= written {
			continue
		}
		files[rel] = gitFile{mtime: mtime, ctime: e.CreatedAt.UnixNano(), size: e.Size, ino: e.Inode, blob: blobID(e.Hash)}
	}
	return files, nil
}

// git runs a git command in dir and returns its output.
func git(dir string, args ...string) ([]byte, error) {
	return exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
}
