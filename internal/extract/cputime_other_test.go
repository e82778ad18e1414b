//go:build !unix

package extract

import "time"

// cpuTime is unknown here: BenchmarkAEB reports 0 CPU ms/page.
func cpuTime() time.Duration { return 0 }
