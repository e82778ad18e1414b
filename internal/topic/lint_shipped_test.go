package topic

import "testing"

func TestShippedRulesLintClean(t *testing.T) {
	for _, err := range Lint("../../feeds") {
		t.Error(err)
	}
}
