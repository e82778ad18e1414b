package yamlerr

import (
	"errors"
	"testing"

	"github.com/goccy/go-yaml"
)

func TestAt(t *testing.T) {
	var v struct {
		A int `yaml:"a"`
	}
	err := yaml.UnmarshalWithOptions([]byte("a: 1\nb: 2\n"), &v, yaml.Strict())
	if got := At("x.yaml", err).Error(); got != `x.yaml:2:1: unknown field "b"` {
		t.Errorf("got %q", got)
	}
	if got := At("x.yaml", errors.New("boom")).Error(); got != "x.yaml: boom" {
		t.Errorf("got %q", got)
	}
}
