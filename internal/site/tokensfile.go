package site

// The build cache's tokens file: each entry's search tokens, a record
// each (tokRef), ~3.4 KB an entry, 170 MB at 50,000. Rewritten whole on
// every build, it cost a build on the cache more than the pages that
// changed (every kept record read, written and waited for), so it is
// appended to: a build keeps the kept entries' records where they are
// and appends the records it makes. The records of changed and removed
// entries, and what a failed or killed build appended, are dead bytes;
// when they pass tokensDeadShare of the file, a build writes a new file
// with only the records it uses (compacts), as it does without a cache
// or with a new build key.
//
// Why appending is safe: a build only ever appends, after the file's
// end, so every record the cache on disk refers to stays as it was until
// a new cache is saved, whether this build succeeds, fails or is killed;
// a new file replaces the old one only once the old cache's records are
// gone (Build's forget). A file shorter than the records say (cut by
// hand, or not the file they were made with) is not appended to: its
// records would be overwritten. A damaged record still parses, so every
// record read is checked against its sum (tokRef.read), and a kept entry
// whose record fails is read and parsed again; a record only carried
// over is not read (that was most of the cost), and is checked by the
// build that wants its tokens. One build at a time writes the cache
// (publish.Begin's lock).

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"docket/internal/projfile"
)

// tokensDeadShare is the share of the tokens file in dead bytes past
// which a build compacts it: at one half, a file is at most about twice
// what its records use, and each compaction is paid for by as many bytes
// of changes not written again since the last.
var tokensDeadShare = 0.5

// tokensBuffer is the size of the buffer records are written through
// (a variable for tests, which make a failed build write some).
var tokensBuffer = 1 << 20

// openTokens readies the tokens file for this build's records, after the
// previous build's records are known: appended to when the file is the
// one they describe and mostly in use, else a new file (read from the
// old one for the records it keeps). A run that only reads the cache
// never appends.
func (c *cacheRun) openTokens() error {
	path := filepath.Join(c.dir, tokensFile)
	flag := os.O_RDWR
	if c.readOnly {
		flag = os.O_RDONLY
	}
	old, err := os.OpenFile(path, flag, 0)
	if err != nil {
		old = nil // no file, or none to use: every record is made again
	}
	c.oldToks = old
	if old != nil && c.prev != nil && !c.readOnly {
		end, err := old.Seek(0, io.SeekEnd)
		if err != nil {
			return fmt.Errorf("tokens file: %w", err)
		}
		if c.prev.tokensAppendable(end) {
			c.newToks, c.tokw, c.tokOff = old, bufio.NewWriterSize(old, tokensBuffer), end
			return nil
		}
	}
	f, err := projfile.CreateTemp(filepath.Join(c.tmp, tokensFile))
	if err != nil {
		return fmt.Errorf("tokens file: %w", err)
	}
	c.newToks, c.tokw = f, bufio.NewWriterSize(f, tokensBuffer)
	return nil
}

// tokensAppendable reports whether a build on p may append to a tokens
// file of size bytes: every record p refers to is within it (else it is
// not the file p was made with, and appending would overwrite them), and
// dead bytes are at most tokensDeadShare of it.
func (p *pageCache) tokensAppendable(size int64) bool {
	var live int64
	for _, r := range p.records() {
		if !r.hasTokens() {
			continue
		}
		if r.Tokens.Off < 0 || r.Tokens.Off+int64(r.Tokens.Len) > size {
			return false
		}
		live += int64(r.Tokens.Len)
	}
	return float64(size-live) <= tokensDeadShare*float64(size)
}

// appending reports whether this build appends to the last build's
// tokens file rather than writing a new one.
func (c *cacheRun) appending() bool {
	return c.newToks != nil && c.newToks == c.oldToks
}

// carry makes r, document doc's record in the last build's tokens file,
// its record in this build's: where it is when appending (unread if rec
// is nil: a build that wants the tokens checks the sum), else copied, if
// it reads, to the new file. rec is the record, if it has been read.
func (c *cacheRun) carry(doc int, r tokRef, rec []byte) {
	if c.appending() {
		c.mu.Lock()
		// Jobs race: another may make the tokens (so the merge no longer
		// wants them) before or after this one finds the old record
		// unwanted. A record made wins; one carried unread may be damaged.
		if c.toks[doc].Len == 0 {
			c.toks[doc], c.unread[doc] = r, rec == nil
		}
		c.mu.Unlock()
		return
	}
	if rec == nil {
		var ok bool
		if rec, ok = r.read(c.oldToks); !ok {
			return // made again by a build that needs it
		}
	}
	c.writeTokens(doc, rec)
}

// saveTokens puts this build's records in the cache's place: flushed to
// the file appended to, or the new file renamed over the old one.
func (c *cacheRun) saveTokens() error {
	if c.newToks == nil {
		return nil // the cache is off: no records
	}
	if err := c.tokw.Flush(); err != nil {
		return fmt.Errorf("tokens file: %w", err)
	}
	if c.appending() {
		return nil
	}
	err := c.newToks.Close()
	if err == nil {
		err = os.Rename(c.newToks.Name(), filepath.Join(c.dir, tokensFile))
	}
	if err != nil {
		os.Remove(c.newToks.Name())
	}
	c.newToks = nil
	if err != nil {
		return fmt.Errorf("tokens file: %w", err)
	}
	return nil
}
