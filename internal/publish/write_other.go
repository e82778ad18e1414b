//go:build !unix

package publish

import "os"

// writeFile writes data at path, as os.WriteFile does.
func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }
