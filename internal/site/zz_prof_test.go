package site

import (
	"os"
	"runtime/pprof"
	"testing"
)

func TestZZProf(t *testing.T) {
	root := os.Getenv("ZZROOT")
	if root == "" {
		t.Skip()
	}
	if _, err := Build(Options{Root: root}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create(os.Getenv("ZZPROF"))
	pprof.StartCPUProfile(f)
	res, err := Build(Options{Root: root})
	pprof.StopCPUProfile()
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res.Kept, res.Load, res.Render, res.Publish)
}
