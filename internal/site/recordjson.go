package site

import (
	"encoding/json"
	"errors"
	"io"

	"docket/internal/text"
)

// itemsJSON writes every published entry as JSON: the bytes
// json.MarshalIndent makes of the list of records, written a record at a
// time (the whole list and its copies would take several times the
// file's size, about 2.5 KB an entry) and without reflection, which with
// the indenting pass took most of a build's time on this file; with a
// build cache, unchanged records are copied (rows.go).
func (b *builder) itemsJSON(w io.Writer) error {
	if len(b.m.items) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	f, err := b.rowFile(w, "/data/items.json", "[\n ", ",\n ")
	for _, it := range b.m.items {
		if err != nil {
			break
		}
		err = f.row(it, func(buf []byte) ([]byte, error) {
			r := b.record(it)
			return appendRecord(buf, &r)
		})
	}
	return errors.Join(err, f.close("\n]\n"))
}

// appendRecord appends r as json.MarshalIndent(r, " ", " ") writes it:
// the struct's fields in order, those tagged omitempty left out when
// empty. TestAppendRecord holds the two to the same bytes.
func appendRecord(b []byte, r *Record) ([]byte, error) {
	b = append(b, '{')
	str := func(key, v string, omitEmpty bool) {
		if omitEmpty && v == "" {
			return
		}
		b = append(b, "\n  \""...)
		b = append(b, key...)
		b = append(b, "\": "...)
		b = text.AppendJSONString(b, v)
		b = append(b, ',')
	}
	list := func(key string, vs []string, omitEmpty bool) {
		if omitEmpty && len(vs) == 0 {
			return
		}
		b = append(b, "\n  \""...)
		b = append(b, key...)
		b = append(b, "\": "...)
		if vs == nil {
			b = append(b, "null,"...)
			return
		}
		b = append(b, '[')
		for i, v := range vs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n   "...)
			b = text.AppendJSONString(b, v)
		}
		if len(vs) > 0 {
			b = append(b, "\n  "...)
		}
		b = append(b, "],"...)
	}
	str("kind", r.Kind, false)
	str("id", r.ID, false)
	str("url", r.URL, false)
	str("title", r.Title, false)
	str("date", r.Date, false)
	str("updated", r.Updated, true)
	str("lang", r.Lang, false)
	str("summary", r.Summary, true)
	str("source", r.Source, true)
	str("source_url", r.SourceURL, true)
	str("feed", r.Feed, true)
	list("topics", r.Topics, false)
	list("entities", r.Entities, false)
	list("authorities", r.Authorities, false)
	list("jurisdictions", r.Jurisdictions, false)
	str("event_kind", r.EventKind, true)
	str("status", r.Status, true)
	if r.AmountValue != 0 {
		// encoding/json's float format (and its error for NaN and ±Inf).
		v, err := json.Marshal(r.AmountValue)
		if err != nil {
			return nil, err
		}
		b = append(b, "\n  \"amount_value\": "...)
		b = append(b, v...)
		b = append(b, ',')
	}
	str("amount_currency", r.AmountCurrency, true)
	list("sources", r.Sources, true)
	list("related", r.Related, true)
	b = append(b, "\n  \"backfilled\": "...)
	if r.Backfilled {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	return append(b, "\n }"...), nil
}
