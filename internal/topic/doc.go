// Package topic holds the editor-tunable selection rules (feeds/topics.yaml)
// and the entities they recognise (feeds/entities.yaml).
package topic
