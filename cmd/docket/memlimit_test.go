package main

import (
	"math"
	"runtime/debug"
	"strings"
	"testing"
)

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"1536MiB", 1536 << 20, false},
		{"2GiB", 2 << 30, false},
		{"512KiB", 512 << 10, false},
		{"1TiB", 1 << 40, false},
		{"1000B", 1000, false},
		{"123", 123, false},
		{"off", 0, false},
		{"0", 0, false},
		{"1.5GiB", 0, true},
		{"-1MiB", 0, true},
		{"2GB", 0, true},
		{"", 0, true},
		{"9999999TiB", 0, true}, // past int64
	} {
		got, err := parseBytes(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

// TestMemoryLimitFloor: a limit no build fits in is refused with exit 2
// and a message naming the flag, before anything is built.
func TestMemoryLimitFloor(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	for _, v := range []string{"1", "16MiB", "65535KiB"} {
		err := setMemoryLimit(v)
		if err == nil || !strings.Contains(err.Error(), "--memory-limit") {
			t.Errorf("setMemoryLimit(%q) = %v, want a refusal naming the flag", v, err)
		}
	}
	for _, v := range []string{"off", "0", "64MiB"} {
		if err := setMemoryLimit(v); err != nil {
			t.Errorf("setMemoryLimit(%q) = %v", v, err)
		}
	}
	debug.SetMemoryLimit(math.MaxInt64)
}
