package site

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// full is a record with every field set, by reflection, so that a field
// added to Record and not to appendRecord fails TestAppendRecord.
func full(s string, f float64) Record {
	var r Record
	v := reflect.ValueOf(&r).Elem()
	for i := range v.NumField() {
		switch fv := v.Field(i); fv.Kind() {
		case reflect.String:
			fv.SetString(s + v.Type().Field(i).Name)
		case reflect.Slice:
			fv.Set(reflect.ValueOf([]string{s, "b<&>"}))
		case reflect.Float64:
			fv.SetFloat(f)
		case reflect.Bool:
			fv.SetBool(true)
		}
	}
	return r
}

func checkRecord(t *testing.T, r Record) {
	t.Helper()
	want, werr := json.MarshalIndent(r, " ", " ")
	got, gerr := appendRecord([]byte("x"), &r)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("appendRecord error %v, json.MarshalIndent error %v", gerr, werr)
	}
	if werr == nil && string(got) != "x"+string(want) {
		t.Errorf("appendRecord(%+v) =\n%s\njson.MarshalIndent:\n%s", r, got[1:], want)
	}
}

func TestAppendRecord(t *testing.T) {
	empty := Record{Topics: []string{}, Entities: []string{}, Authorities: []string{}, Jurisdictions: []string{},
		Sources: []string{}, Related: []string{}}
	tests := []Record{
		{}, // nil lists: null, as encoding/json writes them
		empty,
		full("", 0),
		full("中文 \"quoted\" \\ <tag> & \u2028 \xff\n\t", 2.75e9),
		{Title: "one", Topics: []string{"antitrust"}, AmountValue: 0.5, AmountCurrency: "EUR"},
	}
	for _, f := range []float64{1, -3.25, 1e20, 1e21, 123456789012345678, 1e-6, 1e-7, 5e-324, math.MaxFloat64} {
		tests = append(tests, full("a", f))
	}
	for _, r := range tests {
		checkRecord(t, r)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := appendRecord(nil, &Record{AmountValue: bad}); err == nil {
			t.Errorf("amount %v: no error", bad)
		}
	}
}

func FuzzAppendRecord(f *testing.F) {
	f.Add("title <b>", "\xff\u2028中", 1.5, true)
	f.Fuzz(func(t *testing.T, s, u string, v float64, some bool) {
		r := full(s, v)
		r.Summary = u
		if !some {
			r.Sources, r.Related, r.Updated = nil, []string{}, ""
		}
		checkRecord(t, r)
	})
}
