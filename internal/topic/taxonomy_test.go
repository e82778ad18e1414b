package topic

import "testing"

func TestLoadShipped(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	if r.Entity("alibaba") == nil || r.Topic("antitrust") == nil {
		t.Fatalf("shipped rules lack alibaba or antitrust")
	}
}
