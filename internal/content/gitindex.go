package content

// Git's word for a file. A checkout, a CI run's first step, gives every
// content file new times, so the load cache's stat check fails for all
// of them and each is read and hashed: at 50,000 entries, seconds of a
// build that changed twenty. Git's index already knows which files are
// as checked out, and their blob IDs. A file git reports unchanged,
// whose blob ID is the one the cache recorded for its document, holds
// the bytes that document was parsed from, and is not read.
//
// Asking git costs two commands (ls-files and diff-files, about 0.4 s at
// 50,000 files, which lstat every file as a load does), so a load asks
// only once many files have failed their stat check, or when the first
// records of the cache all fail theirs (a checkout: git then answers
// while the cache is still being read): a local build that changed a
// few files reads them, as before. Without git, or outside a work tree,
// nothing changes.

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// gitIndex is what git says of the files under a folder: the blob IDs of
// those unchanged since git's index recorded them, by path relative to
// the folder.
type gitIndex struct {
	dir     string
	misses  atomic.Int64
	started atomic.Bool
	once    sync.Once
	blobs   map[string]blobID
}

func newGitIndex(dir string) *gitIndex { return &gitIndex{dir: dir} }

// blob is the blob ID of the file at rel (relative to the folder, with
// its extension) if git vouches for it; it asks git on the gitAfter-th
// call, or waits for the answer start asked for, and says nothing before.
func (g *gitIndex) blob(rel string) (blobID, bool) {
	if g == nil || g.misses.Add(1) <= gitAfter && !g.started.Load() {
		return blobID{}, false
	}
	g.once.Do(g.ask)
	b, ok := g.blobs[rel]
	return b, ok
}

// start asks git now, without waiting for its answer.
func (g *gitIndex) start() {
	if g != nil && !g.started.Swap(true) {
		go g.once.Do(g.ask)
	}
}

func (g *gitIndex) ask() { g.blobs = askGit(g.dir) }

// askGit lists the files under dir that git's index holds, at stage 0,
// with no flag that makes git stop looking at them (assume-unchanged,
// skip-worktree), less those whose stat or bytes differ from the index
// (diff-files, which reads a file whose stat it cannot trust). Any
// failure, such as no git or no work tree, is no answer.
func askGit(dir string) map[string]blobID {
	// The two at once: each is a process of its own.
	var dirty []byte
	var dirtyErr error
	done := make(chan struct{})
	go func() {
		dirty, dirtyErr = git(dir, "diff-files", "--name-only", "--relative", "-z")
		close(done)
	}()
	ls, err := git(dir, "ls-files", "-v", "-s", "-z")
	<-done
	if err != nil || dirtyErr != nil {
		return nil
	}
	changed := map[string]bool{}
	for name := range bytes.SplitSeq(dirty, []byte{0}) {
		changed[string(name)] = true
	}
	blobs := map[string]blobID{}
	for rec := range bytes.SplitSeq(ls, []byte{0}) {
		// "H 100644 <40 hex> 0\tpath"; H: tracked and looked at.
		meta, name, ok := strings.Cut(string(rec), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || f[0] != "H" || f[3] != "0" || changed[name] {
			continue
		}
		var b blobID
		if len(f[2]) != hex.EncodedLen(len(b)) {
			continue // a SHA-256 repository: read the files
		}
		if _, err := hex.Decode(b[:], []byte(f[2])); err != nil {
			continue
		}
		blobs[name] = b
	}
	return blobs
}

// git runs a git command in dir and returns its output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	// Neither command needs the index lock; a concurrent git in the
	// repository must not wait for ours.
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	return cmd.Output()
}
