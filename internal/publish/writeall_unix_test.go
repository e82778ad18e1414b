//go:build unix

package publish

import (
	"bytes"
	"errors"
	"testing"

	"golang.org/x/sys/unix"
)

// writeAll goes on after short and interrupted writes, and gives up on
// one that makes no progress or fails.
func TestWriteAll(t *testing.T) {
	data := []byte("0123456789abcdef")
	for _, tc := range []struct {
		name  string
		steps []int // bytes each call takes; -1 is EINTR, -2 is EACCES
		want  error
	}{
		{"whole", []int{16}, nil},
		{"short writes", []int{1, 5, 3, 7}, nil},
		{"interrupted", []int{-1, 4, -1, -1, 12}, nil},
		{"no progress", []int{4, 0}, unix.EIO},
		{"fails", []int{4, -2}, unix.EACCES},
	} {
		var got bytes.Buffer
		calls := 0
		write := func(b []byte) (int, error) {
			step := tc.steps[calls]
			calls++
			switch step {
			case -1:
				return 0, unix.EINTR
			case -2:
				return 0, unix.EACCES
			}
			got.Write(b[:step])
			return step, nil
		}
		err := writeAll(write, data)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
		if tc.want == nil && !bytes.Equal(got.Bytes(), data) {
			t.Errorf("%s: wrote %q, want %q", tc.name, got.Bytes(), data)
		}
		if calls != len(tc.steps) {
			t.Errorf("%s: %d calls, want %d", tc.name, calls, len(tc.steps))
		}
	}
}
