package site

import (
	"bytes"
	"io"
)

// rootWriter writes a page as templates execute it, with every cardRoot
// replaced by the page's own prefix, as page() does on the whole page:
// a page that grows with the archive (a year's archive) is never in
// memory whole. A placeholder may be cut between two writes, so the
// last len(cardRoot)-1 bytes wait for the next write or Close. cardRoot
// begins with '_' and ends with its only '/', so no match overlaps
// another and replacing as the bytes come is what bytes.ReplaceAll does.
type rootWriter struct {
	w       io.Writer
	old     []byte
	new     []byte
	pending []byte
}

func newRootWriter(w io.Writer, prefix string) *rootWriter {
	return &rootWriter{w: w, old: []byte(cardRoot), new: []byte(prefix)}
}

func (r *rootWriter) Write(p []byte) (int, error) {
	r.pending = append(r.pending, p...)
	out := r.pending
	var err error
	for err == nil {
		i := bytes.Index(out, r.old)
		if i < 0 {
			break
		}
		if _, err = r.w.Write(out[:i]); err == nil {
			_, err = r.w.Write(r.new)
		}
		out = out[i+len(r.old):]
	}
	if keep := len(r.old) - 1; err == nil && len(out) > keep {
		_, err = r.w.Write(out[:len(out)-keep])
		out = out[len(out)-keep:]
	}
	r.pending = append(r.pending[:0], out...)
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes what was held back.
func (r *rootWriter) Close() error {
	_, err := r.w.Write(r.pending)
	r.pending = r.pending[:0]
	return err
}
