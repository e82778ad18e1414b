package topic

import "testing"

func TestLoadShipped(t *testing.T) {
	r, err := Load("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	if r.Entity("alibaba") == nil || r.Topic("antitrust") == nil {
		t.Fatalf("shipped rules lack alibaba or antitrust")
	}
}
