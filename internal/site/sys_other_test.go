//go:build !unix

package site

import "errors"

func peakRSS() int64 { return 0 }

func flushDisk() {}

func mkfifo(string) error { return errNoFIFO }

var errNoFIFO = errors.New("no FIFOs on this system")

func fileID(string) string { return "" }
