//go:build linux

package hugepages

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// TestStartAdvisesHeap: a heap mapping made after Start is advised (its
// VmFlags in smaps gain "hg") within a few polls.
func TestStartAdvisesHeap(t *testing.T) {
	if !alone(t) {
		return
	}
	stop := Start()
	defer stop()
	// The heap Start mapped ahead is advised already: filled first, it
	// leaves what follows to new mappings, which only the goroutine
	// advises.
	hold := make([][]byte, 0, mapAhead/chunk)
	for range cap(hold) {
		hold = append(hold, make([]byte, chunk))
	}
	b := make([]byte, 64<<20) // new heap memory, mapped after Start
	// Its last byte: the first may lie in the end of the advised heap.
	addr := uintptr(unsafe.Pointer(&b[len(b)-1]))
	// Polls counted, not a deadline: reading smaps took seconds at times
	// on a busy machine.
	for i := 0; !advised(t, addr); i++ {
		if i == 100 {
			t.Fatal("the new heap mapping was not advised in 100 polls of 50 ms")
		}
		time.Sleep(50 * time.Millisecond)
	}
	runtime.KeepAlive(hold)
	runtime.KeepAlive(b)
}

// advised reports whether the mapping holding addr has the huge-page
// advice, as /proc/self/smaps says.
func advised(t *testing.T, addr uintptr) bool {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	in := false
	sc := bufio.NewScanner(bytes.NewReader(smaps))
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.Contains(line, " hg")
		}
	}
	return false
}

// TestStartOff: GODEBUG=disablethp=1 leaves the heap alone.
func TestStartOff(t *testing.T) {
	t.Setenv("GODEBUG", "disablethp=1")
	if wanted() {
		t.Error("wanted() with GODEBUG=disablethp=1")
	}
}

// TestStartTakesAdviceBack: once the runtime has mapped more than
// maxAdvised, the heap's mappings lose the advice.
func TestStartTakesAdviceBack(t *testing.T) {
	if !alone(t) {
		return
	}
	stop := Start()
	defer stop()
	b := make([]byte, 64<<20)
	addr := uintptr(unsafe.Pointer(&b[0]))
	for i := 0; !advised(t, addr); i++ {
		if i == 100 {
			t.Fatal("the new heap mapping was not advised in 5 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	big := make([]byte, maxAdvised+(64<<20)) // mapped, never touched
	for i := 0; advised(t, addr); i++ {
		if i == 100 {
			t.Fatal("the advice stayed after the runtime mapped more than maxAdvised")
		}
		time.Sleep(50 * time.Millisecond)
	}
	runtime.KeepAlive(b)
	runtime.KeepAlive(big)
}

// TestStartMapsAhead: the heap a build allocates right after Start is
// advised before it is touched, with no poll of the goroutine's.
func TestStartMapsAhead(t *testing.T) {
	if !alone(t) {
		return
	}
	Start()() // stopped at once: what follows gets no advice from the goroutine
	var hold [][]byte
	for range 4 { // 256 MiB, in pieces as a build allocates
		b := make([]byte, 64<<20)
		hold = append(hold, b)
		for _, addr := range []uintptr{uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&b[len(b)-1]))} {
			if !advised(t, addr) {
				t.Fatalf("heap at %#x, allocated after Start, is not advised", addr)
			}
		}
	}
	runtime.KeepAlive(hold)
}

// alone runs the calling test again in a process of its own, whose heap
// no other test (nor an earlier run of this one) has grown or advised,
// and reports whether this is that process: the test goes on only there.
// It skips the test where advice would change nothing.
func alone(t *testing.T) bool {
	t.Helper()
	if !wanted() {
		t.Skip("transparent huge pages are not left to programs here (or GODEBUG=disablethp=1)")
	}
	if os.Getenv("HUGEPAGES_TEST") == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "HUGEPAGES_TEST="+t.Name())
	out, err := cmd.CombinedOutput()
	if err == nil && bytes.Contains(out, []byte("--- SKIP: "+t.Name())) {
		t.Skipf("in a process of its own:\n%s", out)
	}
	if err != nil || !bytes.Contains(out, []byte("--- PASS: "+t.Name())) {
		t.Fatalf("in a process of its own: %v\n%s", err, out)
	}
	return false
}

// TestStartUnderLimit: under a memory limit near mapAhead, Start maps
// nothing ahead (the collector would run for nothing).
func TestStartUnderLimit(t *testing.T) {
	if !alone(t) {
		return
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(mapAhead))
	Start()()
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	if got := s[0].Value.Uint64(); got >= mapAhead {
		t.Errorf("the runtime has mapped %d MiB after Start under a limit of %d MiB", got>>20, mapAhead>>20)
	}
}
