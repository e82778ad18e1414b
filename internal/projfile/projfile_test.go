//go:build unix

package projfile

import (
	"errors"
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
