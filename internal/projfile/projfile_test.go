//go:build unix

package projfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("ok.md", "hello")
	big := write("big.md", "0123456789")
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(ok, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	zero := filepath.Join(dir, "zero.md")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want error
	}{
		{ok, nil},
		{big, ErrTooLarge},
		{link, ErrNotRegular},
		{fifo, ErrNotRegular}, // would hang if opened
		{zero, ErrNotRegular}, // would never end if read
		{"/dev/zero", ErrNotRegular},
	} {
		_, err := ReadFile(tc.path, 8)
		if !errors.Is(err, tc.want) {
			t.Errorf("ReadFile(%s) = %v, want %v", filepath.Base(tc.path), err, tc.want)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "gone.md"), 8); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(gone.md) = %v, want not exist", err)
	}
	// A loop of links among the folders above is the path's failure, not
	// a link refused: ELOOP, as O_NOFOLLOW answers a link on Linux.
	if err := os.Symlink("loop", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(filepath.Join(dir, "loop", "x.md"), 8); err == nil || errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFile(loop/x.md) = %v, want the loop, not %v", err, ErrNotRegular)
	}
	if _, err := ReadFile(filepath.Join(dir, "loop"), 8); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFile(loop) = %v, want %v", err, ErrNotRegular)
	}
}

// TestReadFileWhole reads files around the limit and the read sizes back
// byte for byte.
func TestReadFileWhole(t *testing.T) {
	dir := t.TempDir()
	const limit = 10000
	for _, n := range []int{0, 1, 511, 512, 513, 4096, limit - 1, limit, limit + 1, 3 * limit} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte('a' + i%26)
		}
		p := filepath.Join(dir, fmt.Sprint(n))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(p, limit)
		switch {
		case n > limit:
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("%d bytes: err = %v, want too large", n, err)
			}
		case err != nil:
			t.Errorf("%d bytes: %v", n, err)
		case !bytes.Equal(got, data):
			t.Errorf("%d bytes: read %d, not the file", n, len(got))
		}
	}
}

func TestReadWithin(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "assets", "css"), 0o755)
	os.WriteFile(filepath.Join(dir, "assets", "css", "a.css"), []byte("a{}"), 0o644)
	os.Symlink("/etc", filepath.Join(dir, "assets", "etc"))
	base := filepath.Join(dir, "assets")
	for _, tc := range []struct {
		rel  string
		fail bool
	}{
		{"css/a.css", false},
		{"etc/passwd", true}, // through a linked folder
		{"../assets/css/a.css", true},
	} {
		_, err := ReadWithin(base, tc.rel, 1<<20)
		if (err != nil) != tc.fail {
			t.Errorf("ReadWithin(%s): err = %v, want failure %v", tc.rel, err, tc.fail)
		}
	}
}
