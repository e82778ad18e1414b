package sources

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestShards(t *testing.T) {
	for _, bad := range []string{"", "0/4", "5/4", "1/0", "a/b", "2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) took it", bad)
		}
	}
	// Every feed is in exactly one shard.
	for k := range 200 {
		id, in := fmt.Sprintf("feed-%d", k), 0
		for i := 1; i <= 4; i++ {
			if (Shard{I: i, N: 4}).Has(id) {
				in++
			}
		}
		if in != 1 {
			t.Fatalf("%s is in %d shards of 4", id, in)
		}
	}
	if p := (Shard{I: 2, N: 4}).Path("feeds/state.json"); p != "feeds/state.shard-2-of-4.json" {
		t.Errorf("shard path %s", p)
	}
	// A missing shard is an error, and nothing is merged.
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	for _, i := range []int{1, 3} {
		if err := (&State{Feeds: map[string]*FeedState{}}).Save(Shard{I: i, N: 3}.Path(state)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ReadShards(state, filepath.Join(dir, "removed.yaml")); !errors.Is(err, ErrShards) {
		t.Fatalf("merge without shard 2 of 3: %v", err)
	}
}

// TestShardsInFolderWithBrackets: a project folder whose name has glob
// characters ("news [old]") still has its shards found; they read as a
// pattern, and the merge said there were none.
func TestShardsInFolderWithBrackets(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "news [old] *")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state.json")
	for i := 1; i <= 2; i++ {
		if err := (&State{Feeds: map[string]*FeedState{}}).Save(Shard{I: i, N: 2}.Path(state)); err != nil {
			t.Fatal(err)
		}
	}
	m, err := ReadShards(state, filepath.Join(dir, "removed.yaml"))
	if err != nil || m == nil || m.N != 2 {
		t.Fatalf("ReadShards: %+v, %v: want the 2 shards", m, err)
	}
	if left, err := ShardFiles(state); err != nil || len(left) != 2 {
		t.Errorf("ShardFiles: %v, %v", left, err)
	}
}

// TestShardsOddNames: a shard file named other than Shard.Path names one
// (shard-01-of-2, shard-3-of-2) is refused. It counted as its shard
// without being read, and the merged state lost that shard's feeds.
func TestShardsOddNames(t *testing.T) {
	for _, odd := range []string{"state.shard-01-of-2.json", "state.shard-3-of-2.json", "state.shard-0-of-2.json"} {
		dir := t.TempDir()
		state := filepath.Join(dir, "state.json")
		st := &State{Feeds: map[string]*FeedState{}}
		for k := range 20 {
			st.Feed(fmt.Sprintf("feed-%d", k))
		}
		for i := 1; i <= 2; i++ {
			part := &State{Feeds: map[string]*FeedState{}}
			for id := range st.Feeds {
				if (Shard{I: i, N: 2}).Has(id) {
					part.Feed(id).URL = "https://" + id + ".example/"
				}
			}
			p := Shard{I: i, N: 2}.Path(state)
			if i == 1 && odd == "state.shard-01-of-2.json" {
				p = filepath.Join(dir, odd)
			}
			if err := part.Save(p); err != nil {
				t.Fatal(err)
			}
		}
		if odd != "state.shard-01-of-2.json" {
			if err := st.Save(filepath.Join(dir, odd)); err != nil {
				t.Fatal(err)
			}
		}
		m, err := ReadShards(state, filepath.Join(dir, "removed.yaml"))
		if !errors.Is(err, ErrShards) {
			t.Errorf("%s: merged %d feeds, err %v: want ErrShards", odd, len(m.State.Feeds), err)
		}
	}
}

// TestShardsStaleRecordLoses: a shard's record of a feed older than the
// project's (feeds/state.json updated, by a pull, after the shard ran)
// does not replace it; the validators and schedule put back were those
// of an older copy.
func TestShardsStaleRecordLoses(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	t1 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	ids := map[int]string{}
	for k := 0; len(ids) < 2; k++ {
		id := fmt.Sprintf("feed-%d", k)
		for i := 1; i <= 2; i++ {
			if (Shard{I: i, N: 2}).Has(id) && ids[i] == "" {
				ids[i] = id
			}
		}
	}
	last := &State{Feeds: map[string]*FeedState{
		ids[1]: {URL: "https://a.example/", ETag: `"new"`, LastFetch: t1.Add(2 * time.Hour)},
		ids[2]: {URL: "https://b.example/", ETag: `"old"`, LastFetch: t1.Add(-time.Hour)},
	}}
	if err := last.Save(state); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		part := &State{Feeds: map[string]*FeedState{ids[i]: {URL: "https://x.example/", ETag: `"shard"`, LastFetch: t1}}}
		if err := part.Save(Shard{I: i, N: 2}.Path(state)); err != nil {
			t.Fatal(err)
		}
	}
	m, err := ReadShards(state, filepath.Join(dir, "removed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.State.Feeds[ids[1]].ETag; got != `"new"` {
		t.Errorf("%s: etag %s, want the project's newer record's", ids[1], got)
	}
	if got := m.State.Feeds[ids[2]].ETag; got != `"shard"` {
		t.Errorf("%s: etag %s, want the shard's newer record's", ids[2], got)
	}
}
