package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// maxLine caps one JSON line: a feed item with an extracted body.
const maxLine = 8 << 20

// bom is the UTF-8 byte order mark some editors put at a file's start.
var bom = []byte("\xef\xbb\xbf")

// eachJSONLine calls fn with each non-blank line of in and its number
// (from 1), and stops at the first one fn refuses, naming it stdin:N. A
// line longer than maxLine is such an error too, so a huge line or
// /dev/zero never grows memory. A BOM before the first line is skipped:
// it is no part of the JSON.
func eachJSONLine(in io.Reader, fn func(n int, line []byte) error) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := fn(n, line); err != nil {
			return fmt.Errorf("stdin:%d: %w", n, err)
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return fmt.Errorf("stdin:%d: line longer than %d bytes", n+1, maxLine)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("stdin: %w", err)
	}
	return nil
}

// decodeObject is json.Unmarshal for a line that must hold one object:
// null, which Unmarshal accepts, would otherwise pass as an empty item.
func decodeObject(line []byte, v any) error {
	if line = bytes.TrimSpace(line); len(line) == 0 || line[0] != '{' {
		return errors.New("not a JSON object")
	}
	return json.Unmarshal(line, v)
}
