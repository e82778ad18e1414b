//go:build !unix

package content

import "errors"

func mkfifo(string) error { return errors.New("not on this system") }
