package site

import (
	"encoding/json"

	"docket/internal/sources"
)

// statusPath is the status page; statusJSONPath its data.
const (
	statusPath     = "/status/"
	statusJSONPath = "/status.json"
)

// status plans the status page and /status.json. Both read the state
// when rendered, so the preview server shows the latest fetch.
func (b *builder) status() []output {
	return []output{
		{statusPath, func() ([]byte, error) {
			h, err := sources.LoadHealth(b.opts.Root, b.opts.SourceDate)
			if err != nil {
				return nil, err
			}
			return b.page(&Page{Kind: "status", Path: statusPath, Title: "Source status", Health: h})
		}, nil},
		{statusJSONPath, func() ([]byte, error) {
			h, err := sources.LoadHealth(b.opts.Root, b.opts.SourceDate)
			if err != nil {
				return nil, err
			}
			out, err := json.MarshalIndent(h, "", " ")
			return append(out, '\n'), err
		}, nil},
	}
}
