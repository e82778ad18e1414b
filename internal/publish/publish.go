// Package publish puts a built site in place: a build writes the whole
// site into a folder beside public/ and swaps it in, so public/ is only
// ever the old site or the new one; or, when it keeps most of the last
// build's files, patches public/ with the ones that changed (patch.go).
// It also keeps the manifest's hashes (build.json). It knows nothing of
// what a site contains: internal/site renders, publish writes and swaps.
package publish

// Publishing. A build writes the whole site into a folder beside public/
// and swaps it in with two renames, so public/ is only ever the old site
// or the new one.
//
// The folder a build writes into is, when there is one, the site before
// last, kept as .public.spare2/ beside public/. Writing into it costs much
// less than writing a new tree: a page that did not change is read and
// left alone, and folders are already there. On ext4 in particular,
// making a file right after many were deleted is slow (the allocator
// steps over every recently freed inode), so a build that deleted the old
// tree and made a new one paid twice. What the spare holds is never
// trusted: a file this build did not write is removed, a folder where a
// file goes (or the other way round) is replaced, and links are not
// followed.
//
// The spare shares files with public/: a page the build cache kept is a
// hard link to the published file (Keep), and so is in both folders. So
// nothing writes into a file in place (writeFile makes a new one). A
// docket from before Keep did, and built in .public.spare/: the spare's
// name changed so that such a docket, run here, builds in a new folder
// rather than through the links into public/, and the old name is
// removed when a build begins (it is only the site before last).

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"docket/internal/lock"
	"docket/internal/projfile"
)

// SparePath is where the site before last is kept for out.
func SparePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".spare2")
}

// oldSparePath is where dockets from before Keep keep the spare: see
// the comment at the top.
func oldSparePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".spare")
}

// LockPath is the lock a build of out holds, beside it.
func LockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}

// removeStale removes the temporary folders and files of builds that
// were killed (claim's and publish's folders, the caches' files: a
// killed 50,000-entry build leaves ~150 MB), and an older docket's spare.
// Call it only with out's lock held, or it would take a running build's.
func removeStale(out string) error {
	if err := os.RemoveAll(oldSparePath(out)); err != nil {
		return err
	}
	var stale []string
	for _, pattern := range []string{
		filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*"),
		filepath.Join(CachePath(out), ".*.tmp-*"),
		filepath.Join(filepath.Dir(out), "."+filepath.Base(DocsPath(out))+".tmp-*"),
		filepath.Join(filepath.Dir(out), "."+filepath.Base(LinksPath(out))+".tmp-*"),
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			return err
		}
		stale = append(stale, m...)
	}
	for _, p := range stale {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}

// claim returns the folder to build out in: the spare, renamed to a name
// of this build's own so that two builds never share it, or else a new
// empty folder. reused reports which.
func claim(out string) (dir string, reused bool, err error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", false, err
	}
	dir, err = os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return "", false, err
	}
	// MkdirTemp makes the folder private; make it again as docket makes
	// folders (0755 less the umask), and give a reused spare that mode
	// too, whatever an earlier build left. os.Rename does not replace a
	// folder, even an empty one: remove it first.
	if err := errors.Join(os.Remove(dir), os.Mkdir(dir, 0o755)); err != nil {
		return "", false, err
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return "", false, err
	}
	if spareUsable(SparePath(out)) && os.Remove(dir) == nil && os.Rename(SparePath(out), dir) == nil {
		return dir, true, os.Chmod(dir, fi.Mode().Perm())
	}
	return dir, false, os.MkdirAll(dir, 0o755)
}

// spareUsable reports whether the spare and its top folders can be
// written into: one made read-only, or another user's (a sudo build's),
// failed every whole build that reused it. It is then removed if it can
// be, else left alone, and the build writes a new folder.
func spareUsable(spare string) bool {
	entries, err := os.ReadDir(spare)
	if err != nil {
		return false
	}
	ok := writable(spare)
	for _, e := range entries {
		if !ok {
			break
		}
		ok = !e.IsDir() || writable(filepath.Join(spare, e.Name()))
	}
	if !ok {
		_ = os.RemoveAll(spare)
	}
	return ok
}

// keepSpare keeps dir as the spare for out, or removes it if there is
// one already.
func keepSpare(dir, out string) {
	if os.Rename(dir, SparePath(out)) != nil {
		_ = os.RemoveAll(dir)
	}
}

// publish puts the new folder in the old one's place and keeps the old
// site as the spare. On Linux the two swap in one step; elsewhere, or on
// a file system that cannot, two renames leave a moment with no site.
func publish(tmp, out string) error {
	if fi, err := os.Lstat(out); err == nil && fi.IsDir() {
		if exchange(tmp, out) == nil {
			keepSpare(tmp, out)
			return nil
		}
	}
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		keepSpare(old, out)
	}
	return nil
}

// Writer writes outputs into a folder and lists them for the manifest.
// It is safe for concurrent use.
type Writer struct {
	dir   string
	prev  string // the published site, whose files Keep links; "" for none
	reuse bool   // dir holds an earlier build: check what is there
	// noLinks: a hard link failed as where links cannot be made; Keep
	// no longer tries (keep.go).
	noLinks   atomic.Bool
	linksWork atomic.Bool // a hard link was made: see linkOver
	dirs      sync.Map    // folders made or checked so far that hold folders (mkdir)
	// patch: dir is a stage for prev, which is patched in place; old are
	// the paths of prev's files, from its listing, read as the patch is
	// applied (patch.go).
	patch  bool
	old    []string
	trial  bool // Trial's: a patch stages into dir itself
	mu     sync.Mutex
	sums   []fileSum // the files written
	staged []string  // patch: the files in the stage
}

// fileSum is a file written and its sum. It keeps the site path as the
// caller gave it, which the caller's plan already holds, rather than a
// sha256sum line of its own: one a file on a site of a million files.
type fileSum struct {
	sum      [sha256.Size]byte
	sitePath string // "/x/" stands for x/index.html
}

// rel is the file's path in the folder, slash-separated.
func (f fileSum) rel() string {
	a, b := f.relParts()
	return a + b
}

// relParts is rel in two parts, the second "index.html" or "", so that
// sorting, hashing and listing a million files makes no string of each.
func (f fileSum) relParts() (string, string) {
	rel := strings.TrimPrefix(f.sitePath, "/")
	if strings.HasSuffix(rel, "/") || rel == "" {
		return rel, "index.html"
	}
	return rel, ""
}

// appendLine appends the file's sha256sum line to dst.
func (f fileSum) appendLine(dst []byte) []byte {
	a, b := f.relParts()
	dst = hex.AppendEncode(dst, f.sum[:])
	dst = append(append(dst, "  "...), a...)
	return append(append(dst, b...), '\n')
}

// compareFiles orders files as the manifest's listing orders their lines
// (bytewise: see Manifest), which end in a newline after the path: a
// path that begins another sorts before it unless the longer one goes on
// with a byte below '\n'.
func compareFiles(x, y fileSum) int {
	x1, x2 := x.relParts()
	y1, y2 := y.relParts()
	if len(x1) > len(y1) {
		return -compareFiles(y, x)
	}
	if c := strings.Compare(x1, y1[:len(x1)]); c != 0 {
		return c
	}
	// x's line goes on with x2 and a newline, y's with the rest of y1, y2
	// and a newline.
	s, t1, t2 := lineEnd(x2), y1[len(x1):], lineEnd(y2)
	if len(s) <= len(t1) {
		if c := strings.Compare(s, t1[:len(s)]); c != 0 {
			return c
		}
		return -1 // x's line ends where y's goes on
	}
	if c := strings.Compare(s[:len(t1)], t1); c != 0 {
		return c
	}
	return strings.Compare(s[len(t1):], t2)
}

// lineEnd is how a line goes on after relParts' first part b.
func lineEnd(b string) string {
	if b == "" {
		return "\n"
	}
	return "index.html\n"
}

// writeLines sorts files as the manifest's listing sorts their lines and
// writes the lines to out, all but the one of the path skip.
func writeLines(out io.Writer, files []fileSum, skip string) error {
	slices.SortFunc(files, compareFiles)
	var line []byte
	for _, f := range files {
		line = f.appendLine(line[:0])
		if string(line[66:len(line)-1]) == skip {
			continue
		}
		if _, err := out.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// list records a file written.
func (w *Writer) list(sum [sha256.Size]byte, sitePath string) {
	w.mu.Lock()
	w.sums = append(w.sums, fileSum{sum, sitePath})
	w.mu.Unlock()
}

// Scratch makes a private folder for a build's temporary files (spilled
// search postings, cards) beside the folder it builds in, so on the
// output's file system rather than a $TMPDIR that may be memory. Its name
// starts with the build folder's, so when a killed build leaves it, the
// next build of the same output removes it with the rest (removeStale).
// The caller removes it when done.
func (w *Writer) Scratch() (string, error) {
	return os.MkdirTemp(filepath.Dir(w.dir), filepath.Base(w.dir)+"-scratch-")
}

// Write writes one output at its site path; "/x/" becomes x/index.html.
func (w *Writer) Write(sitePath string, data []byte) error {
	_, _, err := w.write(sitePath, data, nil)
	return err
}

// WriteKept is Write, returning what the next build needs to Keep the
// file.
func (w *Writer) WriteKept(sitePath string, data []byte) (Kept, bool, error) {
	var k Kept
	sum, ok, err := w.write(sitePath, data, &k)
	if err != nil {
		return Kept{}, false, err
	}
	if !ok {
		k, ok = w.Record(sitePath, sum)
		return k, ok, nil
	}
	k.Sum = sum
	return k, true, nil
}

// write writes data at sitePath and returns its sum. Given k, a new file
// in a new folder fills it in on the way (writeFileKept), and ok says so.
func (w *Writer) write(sitePath string, data []byte, k *Kept) (sum [sha256.Size]byte, ok bool, err error) {
	dst, err := w.place(sitePath)
	if err != nil {
		return sum, false, err
	}
	sum = sha256.Sum256(data)
	w.list(sum, sitePath)
	switch {
	case w.patch:
		return sum, false, w.writePatch(dst, data)
	case w.reuse:
		return sum, false, writeChanged(dst, data)
	}
	ok, err = writeFileKept(dst, data, k)
	return sum, ok, err
}

// mkdir makes dir and its parents, asking the file system once per
// folder: at 50,000 pages the Stat calls of MkdirAll add up.
func (w *Writer) mkdir(dir string) error {
	if _, ok := w.dirs.Load(dir); ok || len(dir) <= len(w.dir) {
		return nil
	}
	if err := w.makeDir(dir); err != nil {
		return err
	}
	w.dirs.Store(dir, true)
	return nil
}

// mkdirLeaf is mkdir for the folder a file is written in, which is
// not remembered: most are an entry's own folder, made for its one page,
// and remembering each would keep ~150 B a page until the build ends.
// A second file in it costs one more os.Mkdir.
func (w *Writer) mkdirLeaf(dir string) error {
	if _, ok := w.dirs.Load(dir); ok || len(dir) <= len(w.dir) {
		return nil
	}
	return w.makeDir(dir)
}

// makeDir makes dir once its parents are made, taking an earlier
// build's folder there as it is.
func (w *Writer) makeDir(dir string) error {
	if err := w.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		err = nil
		if w.reuse {
			err = w.replaceWithDir(dir)
		}
	}
	return err
}

// replaceWithDir makes sure an earlier build left a folder at dir, not
// a file or a link.
func (w *Writer) replaceWithDir(dir string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if fi, err := os.Lstat(dir); err == nil && fi.IsDir() {
		return nil
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		// Another job's mkdir, which does not take the lock, made the
		// folder between the Remove and here.
		if fi, lerr := os.Lstat(dir); lerr == nil && fi.IsDir() {
			return nil
		}
	}
	return err
}

// writeChanged writes data at path unless the file there holds it
// already. Whatever else is there, a link or a folder, is removed first.
func writeChanged(path string, data []byte) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		if err := os.RemoveAll(path); err != nil {
			return err
		}
	case fi.Size() == int64(len(data)) && holds(path, data):
		return nil
	default:
		// The file may be a link to a page of the published site, which
		// Keep made: writing in place would change that site's page too.
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	return writeFile(path, data)
}

// holds reports whether the file at path has exactly the bytes data.
func holds(path string, data []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := readPool.Get().(*[readChunk]byte)
	defer readPool.Put(buf)
	for {
		n, err := io.ReadFull(f, buf[:])
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err != nil { // the end of the file, or a failed read
			return len(data) == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF)
		}
	}
}

const readChunk = 64 << 10

var readPool = sync.Pool{New: func() any { return new([readChunk]byte) }}

// Settle makes the folder hold exactly what this build wrote: in a
// reused folder, what an earlier build left there is removed, and a
// build whose folder then disagrees with its list of outputs fails
// rather than publish.
func (w *Writer) Settle() error {
	if w.patch || !w.reuse {
		// A patch's stage and a new folder hold what this build wrote
		// and nothing else: there is nothing to remove, and a walk would
		// only check the writer's listing against the tree, which the
		// tests do (checkReproducible in internal/pipeline hashes a new
		// folder's tree against the manifest). The walk of a new folder
		// was a twentieth of a 10,000-entry build and 156-180 s of a
		// million-entry one.
		return w.cleanPaths()
	}
	// Sets of the paths' hashes, not of the paths: a million files'
	// paths, made whole, and their folders' would be ~200 MB.
	k := newPathKeys()
	written := make(map[pathKey]bool, len(w.sums))
	dirs := map[pathKey]bool{} // the folders of the files written, and theirs
	for _, f := range w.sums {
		a, b := f.relParts()
		written[k.of(a, b)] = true
		d := path.Dir(a) // a's own folder when b names the file in it
		if b != "" {
			d = path.Clean(a) // a prefix of a: no copy
		}
		for ; d != "." && !dirs[k.of(d, "")]; d = path.Dir(d) {
			dirs[k.of(d, "")] = true
		}
	}
	var found atomic.Int64
	err := walkParallel(w.dir, func(p string, d fs.DirEntry) error {
		rel, err := filepath.Rel(w.dir, p)
		if err != nil {
			return err
		}
		key := k.of(filepath.ToSlash(rel), "")
		switch {
		case d.IsDir():
			if dirs[key] {
				return nil
			}
		case d.Type().IsRegular() && written[key]:
			found.Add(1)
			return nil
		}
		if err := os.RemoveAll(p); err != nil {
			return err
		}
		if d.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n := int(found.Load()); n != len(written) {
		return fmt.Errorf("the build wrote %d files but the new site holds %d of them; public/ is left as it was", len(written), n)
	}
	return nil
}

// pathKey is a path's 128-bit hash: two paths of a site share one with
// a chance of about one in 10^26.
type pathKey [2]uint64

// pathKeys hashes paths with this run's seeds; safe for concurrent use.
type pathKeys struct{ seed [2]maphash.Seed }

func newPathKeys() *pathKeys {
	return &pathKeys{[2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// of is the key of the path a+b.
func (k *pathKeys) of(a, b string) pathKey {
	var key pathKey
	for i, seed := range k.seed {
		var h maphash.Hash
		h.SetSeed(seed)
		h.WriteString(a)
		h.WriteString(b)
		key[i] = h.Sum64()
	}
	return key
}

// Asset reports whether a file of that name under templates/assets is
// published: not a hidden file, nor an editor's scratch file.
func Asset(name string) bool { return !strings.HasPrefix(name, ".") && !projfile.Scratch(name) }

// eachAsset calls fn for each file under src that is published: not in
// a hidden folder, and an Asset by name.
func eachAsset(src string, fn func(p string, d fs.DirEntry) error) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if errors.Is(err, fs.ErrNotExist) && p == src {
				return nil
			}
			return err
		case p != src && strings.HasPrefix(d.Name(), ".") && d.IsDir():
			return filepath.SkipDir
		case d.IsDir() || !Asset(d.Name()):
			return nil
		}
		return fn(p, d)
	})
}

// CopyDir copies the files under src to the site path dst. A link or a
// special file is an error, not copied: a link to .git/config would be
// published, and a FIFO would hang the build.
func (w *Writer) CopyDir(src, dst string) error {
	return eachAsset(src, func(p string, _ fs.DirEntry) error {
		data, err := projfile.ReadFile(p, projfile.MaxAsset)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		return w.Write(dst+filepath.ToSlash(rel), data)
	})
}

// NewWriter writes into dir; reuse says dir holds an earlier build whose
// files are checked, not trusted.
func NewWriter(dir string, reuse bool) *Writer { return &Writer{dir: dir, reuse: reuse} }

// Written is how many files have been written so far, for progress.
func (w *Writer) Written() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.sums)
}

// Expect makes room in the list of files written for n more: grown as
// it fills, a million files' list is copied as it nears its end, old and
// new in memory at once.
func (w *Writer) Expect(n int) {
	w.mu.Lock()
	w.sums = slices.Grow(w.sums, n)
	w.mu.Unlock()
}

// OutputsHash is the manifest's hash of the files written so far (see
// Manifest) and their count, without making their lines: a million
// files' lines are ~170 MB.
func (w *Writer) OutputsHash() (string, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return hashFiles(w.sums), len(w.sums)
}

// Folder is a build of out in progress: a folder beside out that the
// build writes into, with out's lock held.
type Folder struct {
	out, dir  string
	reused    bool
	published bool
	trial     bool // Trial's: never published
	w         *Writer
	release   func()
}

// ErrNoTrial is Trial's answer when out is no site a build may start
// from, or a build of it is running.
var ErrNoTrial = errors.New("no published site to try a build on")

// Trial is Begin for a build that is never published (docket check):
// it writes into dir, an empty folder of the caller's, but finds out's
// files as a build of out would, so what the build cache keeps stays
// in out, unread; it patches nothing, and links nothing (keep.go). It
// holds out's lock, and leaves out and its caches as they were. Close
// it. On a site a patch left half done it renders every page: the
// patch removed the listing before its first move, so the trial cannot
// patch, and keeps nothing.
func Trial(out, dir string) (*Folder, error) {
	if _, ok := Published(out); !ok {
		return nil, ErrNoTrial
	}
	release, err := lock.AcquireFile(LockPath(out), "check")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoTrial, err)
	}
	return &Folder{out: out, dir: dir, trial: true, release: release}, nil
}

// Begin takes out's lock (one build at a time publishes out), takes back
// what a killed build's patch moved, removes what killed builds left
// beside it and claims a folder to build in: the spare when there is
// one. out must be absolute. Close it.
func Begin(out string) (*Folder, error) {
	if err := ownOutput(out); err != nil {
		return nil, err
	}
	// --out may name a folder whose parent does not exist yet; the lock
	// and the spare live beside it.
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	release, err := lock.AcquireFile(LockPath(out), "build")
	if err != nil {
		return nil, err
	}
	// A build killed while it patched out left it half old, half new:
	// put the old site back first (undo.go).
	if err := rollBack(out); err != nil {
		release()
		return nil, fmt.Errorf("putting back the site a stopped build was patching: %w", err)
	}
	if err := removeStale(out); err != nil {
		release()
		return nil, err
	}
	dir, reused, err := claim(out)
	if err != nil {
		release()
		return nil, err
	}
	return &Folder{out: out, dir: dir, reused: reused, release: release}, nil
}

// ErrNotOurs is a non-empty output folder with no manifest: publishing
// swaps the output folder away whole and later reuses it as scratch, so
// files docket did not write there would be lost.
var ErrNotOurs = errors.New("holds files docket did not build (it has no build.json of docket's); docket replaces its output folder whole: empty it or choose another")

// ownOutput refuses to publish over a folder that is neither missing,
// empty nor a site docket built: one with docket's manifest, or with a
// build cache beside it. Any file named build.json is not enough: a
// project's own build settings passed for a site, and the folder was
// swapped away and later emptied as scratch.
func ownOutput(out string) error {
	fi, err := os.Lstat(out)
	if err != nil {
		return nil // nothing there, or nothing it can see: publish decides
	}
	if !fi.IsDir() {
		// Publishing would move it aside for the site, where the user
		// would not find it: --out README.md lost the README.
		return fmt.Errorf("%s is a file, not a folder: docket writes the site into a folder there; choose another name", filepath.ToSlash(out))
	}
	if isManifest(filepath.Join(out, filepath.FromSlash(ManifestPath))) {
		return nil
	}
	if fi, err := os.Lstat(CachePath(out)); err == nil && fi.IsDir() {
		return nil
	}
	d, err := os.Open(out)
	if err != nil {
		return err
	}
	defer d.Close()
	if names, err := d.Readdirnames(1); len(names) == 0 && errors.Is(err, io.EOF) {
		return nil // empty; a folder it cannot list is refused
	}
	return fmt.Errorf("%s %w", filepath.ToSlash(out), ErrNotOurs)
}

// isManifest reports whether the file at path is a build.json docket
// wrote: a JSON object naming docket's version and the sha256 of its
// inputs and outputs.
func isManifest(path string) bool {
	_, ok := readManifest(path)
	return ok
}

// Published is the manifest of the site published at out, if docket
// built it.
func Published(out string) (Manifest, bool) {
	return readManifest(filepath.Join(out, filepath.FromSlash(ManifestPath)))
}

// readManifest reads the build.json at path, if it is one docket wrote.
func readManifest(path string) (Manifest, bool) {
	var m Manifest
	raw, err := projfile.ReadFile(path, 1<<20)
	if err != nil {
		return m, false
	}
	return m, json.Unmarshal(raw, &m) == nil && m.Docket != "" && isSHA256(m.Inputs) && isSHA256(m.Outputs)
}

// isSHA256 reports whether s is a sha256 sum in lower-case hex.
func isSHA256(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Writer writes into the folder; there is one for a Folder.
func (f *Folder) Writer() *Writer {
	if f.w == nil {
		f.w = NewWriter(f.dir, f.reused)
		f.w.prev, f.w.trial = f.out, f.trial
	}
	return f.w
}

// Publish swaps the folder in for out, and the old site becomes the
// spare; or, when the Writer patches out, moves its files into place.
// Either way it keeps the listing of what it published.
func (f *Folder) Publish() error {
	if f.trial {
		return errors.New("a trial build is not published")
	}
	w := f.Writer()
	if w.patch {
		if err := w.apply(f.out); err != nil {
			return err
		}
	} else {
		if err := publish(f.dir, f.out); err != nil {
			return err
		}
		f.published = true
	}
	// Without the listing, the next build writes a whole tree.
	_ = w.writeListing(f.out)
	return nil
}

// Close gives an unpublished folder back as the spare (whatever was
// written is still a good one), removes a patch's stage and releases
// the lock.
func (f *Folder) Close() {
	switch {
	case f.trial: // dir is the caller's
	case f.w != nil && f.w.patch:
		os.RemoveAll(f.w.dir)
		if f.reused {
			keepSpare(f.dir, f.out)
		} else {
			os.Remove(f.dir) // an empty folder, not a spare
		}
	case !f.published:
		keepSpare(f.dir, f.out)
	}
	f.release()
}

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

// TreeHashKnown is TreeHash given the sums of files already read: known
// returns a file's by its slash path relative to root, and those files
// are not read again. known may be nil.
//
// The files are walked in their lines' order, so each line is hashed as
// its file is met: a listing of a million-file content folder, sorted,
// was ~150 MB beside the build's model.
func TreeHashKnown(root string, known func(rel string) ([sha256.Size]byte, bool), dirs ...string) (string, int, error) {
	h := sha256.New()
	n := 0
	var line []byte
	err := eachInput(root, dirs, func(p, rel string, _ fs.DirEntry) error {
		sum, ok := [sha256.Size]byte{}, false
		if known != nil {
			sum, ok = known(rel)
		}
		if !ok {
			var err error
			if sum, err = hashFile(p); err != nil {
				return err
			}
		}
		line = fileSum{sum, rel}.appendLine(line[:0])
		h.Write(line)
		n++
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// CheckInputs reports the first file under root's dirs that TreeHash
// would refuse: a link or a special file. The preview checks templates/
// and feeds/ with it, as a build hashes them.
func CheckInputs(root string, dirs ...string) error {
	return eachInput(root, dirs, func(p, _ string, e fs.DirEntry) error { return projfile.Regular(p, e.Type()) })
}

// eachInput calls fn with the path, the slash path relative to root and
// the entry of each file under root's dirs that the inputs' hash reads:
// not hidden, not in a hidden folder, not build.json. It goes in the
// order of the manifest's lines (compareFiles): a folder's entries as
// their names sort with '/' after a folder's and '\n' after a file's.
func eachInput(root string, dirs []string, fn func(p, rel string, e fs.DirEntry) error) error {
	// Each of dirs is a folder, whose lines go on after its path with
	// '/', or a file, whose one line ends after it with '\n'.
	type top struct {
		p, rel string
		info   fs.FileInfo
	}
	var tops []top
	for _, d := range dirs {
		p := filepath.Join(root, d)
		info, err := os.Lstat(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		tops = append(tops, top{p, filepath.ToSlash(rel), info})
	}
	key := func(t top) string {
		if t.info.IsDir() {
			return t.rel + "/"
		}
		return t.rel + "\n"
	}
	slices.SortStableFunc(tops, func(a, b top) int { return strings.Compare(key(a), key(b)) })
	for _, t := range tops {
		var err error
		switch {
		case t.rel != "." && !input(t.info.Name(), t.rel, t.info.IsDir()):
		case t.info.IsDir():
			err = eachInputIn(t.p, t.rel, fn)
		default:
			err = fn(t.p, t.rel, fs.FileInfoToDirEntry(t.info))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// eachInputIn is eachInput in the folder dir, at rel.
func eachInputIn(dir, rel string, fn func(p, rel string, e fs.DirEntry) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	slices.SortFunc(entries, lineOrder)
	for _, e := range entries {
		p, r := filepath.Join(dir, e.Name()), path.Join(rel, e.Name())
		switch {
		case !input(e.Name(), r, e.IsDir()):
		case e.IsDir():
			err = eachInputIn(p, r, fn)
		default:
			err = fn(p, r, e)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// input says whether the inputs' hash reads the file or folder name at
// rel: not a hidden one, nor the file build.json at the top (a folder
// of that name is read, as find's ! -path ./build.json reads it).
func input(name, rel string, dir bool) bool {
	return !strings.HasPrefix(name, ".") && (dir || rel != "build.json")
}

// lineOrder orders entries of one folder as the manifest's lines of
// what they hold sort: a folder's lines go on after its name with '/',
// a file's with '\n'.
func lineOrder(a, b fs.DirEntry) int {
	x, y := a.Name(), b.Name()
	n := min(len(x), len(y))
	if c := strings.Compare(x[:n], y[:n]); c != 0 {
		return c
	}
	next := func(e fs.DirEntry, name string) byte {
		switch {
		case n < len(name):
			return name[n]
		case e.IsDir():
			return '/'
		}
		return '\n'
	}
	// One name begins the other. Equal bytes next (the shorter a file, a
	// newline in the longer) put the shorter first: its line ends there.
	return cmp.Or(cmp.Compare(next(a, x), next(b, y)), cmp.Compare(len(x), len(y)))
}

// hashFiles is the hash of files' listing (see Manifest), without
// making every line: a listing of a large content folder is held beside
// the render.
func hashFiles(files []fileSum) string {
	h := sha256.New()
	writeLines(h, files, "") // a hash takes every write
	return hex.EncodeToString(h.Sum(nil))
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
