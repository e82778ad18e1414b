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
	n := len(p)
	if len(p) < len(r.old) {
		// Too short to hold a placeholder of its own: joined with the
		// bytes held back, which are fewer still.
		r.pending = append(r.pending, p...)
		p, r.pending = r.pending, r.pending[:0]
		if err := r.replace(p); err != nil {
			return 0, err
		}
		return n, nil
	}
	if len(r.pending) > 0 {
		// A placeholder begun in the bytes held back ends within p's
		// first len(old)-1 bytes: only those are joined to them, and the
		// rest of p is read where it is (a year's month of cards is one
		// write of megabytes).
		j := append(r.pending, p[:len(r.old)-1]...)
		if i := bytes.Index(j, r.old); i >= 0 {
			if err := r.write(j[:i], r.new); err != nil {
				return 0, err
			}
			p = p[i+len(r.old)-len(r.pending):]
		} else if _, err := r.w.Write(r.pending); err != nil {
			return 0, err
		}
		r.pending = r.pending[:0]
	}
	if err := r.replace(p); err != nil {
		return 0, err
	}
	return n, nil
}

// replace writes p with every placeholder replaced, but for its last
// len(old)-1 bytes, which it holds back in pending (empty on entry).
func (r *rootWriter) replace(p []byte) error {
	for {
		i := bytes.Index(p, r.old)
		if i < 0 {
			break
		}
		if err := r.write(p[:i], r.new); err != nil {
			return err
		}
		p = p[i+len(r.old):]
	}
	if keep := len(r.old) - 1; len(p) > keep {
		if _, err := r.w.Write(p[:len(p)-keep]); err != nil {
			return err
		}
		p = p[len(p)-keep:]
	}
	r.pending = append(r.pending, p...)
	return nil
}

// write writes a and then b.
func (r *rootWriter) write(a, b []byte) error {
	if _, err := r.w.Write(a); err != nil {
		return err
	}
	_, err := r.w.Write(b)
	return err
}

func (r *rootWriter) Close() error {
	_, err := r.w.Write(r.pending)
	r.pending = r.pending[:0]
	return err
}
