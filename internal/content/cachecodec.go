package content

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
)

// The load cache's encoding of a document (loadcache.go): by hand, not
// with encoding/gob, which sends neither a pointer to a zero value (an
// item's "extracted: false" would come back nil) nor an empty list (nil
// again), and allocates every string apart. A list or pointer is written
// as its length plus one, 0 for nil; a string as its length and bytes.
// TestCacheCodecCoversEntry fills every field of Entry to catch one this
// file forgets.

// enc appends values to buf.
type enc struct{ buf []byte }

func (e *enc) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *enc) int(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }

func (e *enc) str(s string) {
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *enc) bool(b bool) {
	if b {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *enc) float(f float64) { e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(f)) }

// list writes a list's length plus one, 0 for a nil list.
func (e *enc) list(n int, isNil bool) {
	if isNil {
		e.uint(0)
	} else {
		e.uint(uint64(n) + 1)
	}
}

func (e *enc) strs(ss []string) {
	e.list(len(ss), ss == nil)
	for _, s := range ss {
		e.str(s)
	}
}

// Where a time stands: UTC, the machine's zone (time.Parse picks it when
// the offset written is Local's), or a fixed zone of a name and offset.
const (
	zoneUTC = iota
	zoneLocal
	zoneFixed
)

func (e *enc) time(t time.Time) {
	e.int(t.Unix())
	e.uint(uint64(t.Nanosecond()))
	switch loc := t.Location(); loc {
	case time.UTC:
		e.uint(zoneUTC)
	case time.Local:
		e.uint(zoneLocal)
	default:
		name, off := t.Zone()
		e.uint(zoneFixed)
		e.str(name)
		e.int(int64(off))
	}
}

// dec reads values from s, a record's bytes as one string: the strings
// it returns are parts of s, which compact copies out. The first error
// sticks and every later read returns a zero value.
type dec struct {
	s   string
	err error
}

var errCorrupt = errors.New("corrupt record")

func (d *dec) fail() { d.err, d.s = errCorrupt, "" }

// uint is binary.Uvarint on a string, without converting it.
func (d *dec) uint() uint64 {
	var v uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		b := d.s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				break // overflows 64 bits
			}
			d.s = d.s[i+1:]
			return v | uint64(b)<<(7*i)
		}
		v |= uint64(b&0x7f) << (7 * i)
	}
	d.fail()
	return 0
}

// int undoes binary.AppendVarint's zig-zag.
func (d *dec) int() int64 {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// str is the next string: a part of the record, which compact copies
// out, or "" itself, as even an empty part of the record would keep it
// alive (and compact leaves empty strings as they are).
func (d *dec) str() string {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.fail()
		return ""
	}
	if n == 0 {
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *dec) bool() bool { return d.uint() == 1 }

func (d *dec) float() float64 {
	if len(d.s) < 8 {
		d.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64([]byte(d.s[:8])))
	d.s = d.s[8:]
	return v
}

// list reads a list's length; isNil for a nil list. A length beyond
// what is left (each element takes a byte at least) is corrupt.
func (d *dec) list() (n int, isNil bool) {
	v := d.uint()
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(d.s)) {
		d.fail()
		return 0, true
	}
	return int(v - 1), false
}

func (d *dec) strs() []string {
	n, isNil := d.list()
	if isNil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}

func (d *dec) time() time.Time {
	sec, nsec := d.int(), d.uint()
	if nsec >= 1e9 {
		d.fail()
	}
	t := time.Unix(sec, int64(nsec)) // in Local
	switch d.uint() {
	case zoneUTC:
		return t.UTC()
	case zoneLocal:
		return t
	case zoneFixed:
		name := d.str()
		if name != "" {
			name = string([]byte(name)) // a Location outlives the record
		}
		return t.In(time.FixedZone(name, int(d.int())))
	}
	d.fail()
	return time.Time{}
}

// entry writes every field of e; decode reads them in the same order.
func (e *enc) entry(x *Entry) {
	e.str(x.Title)
	e.time(x.Date)
	e.time(x.Updated)
	e.str(x.Lang)
	e.str(x.Summary)
	e.bool(x.Draft)
	e.bool(x.Hidden)
	e.strs(x.Topics)
	e.strs(x.Entities)
	e.strs(x.Jurisdictions)
	e.bool(x.Pinned)
	e.str(x.Story)
	e.newsFields(x)
	e.eventFields(x)
	e.caseFields(x)
	e.int(int64(x.Menu))
}

func (e *enc) newsFields(x *Entry) {
	for _, s := range []string{x.ID, x.Source, x.Feed, x.URL, x.GUID, x.Author, x.Image} {
		e.str(s)
	}
	e.time(x.Fetched)
	e.list(len(x.Matched), x.Matched == nil)
	for _, m := range x.Matched {
		e.str(m.Topic)
		e.str(m.Term)
		e.str(m.Field)
		e.int(int64(m.Offset))
		e.float(m.Weight)
	}
	e.strs(x.RulesTagged)
	e.list(0, x.Extracted == nil)
	if x.Extracted != nil {
		e.bool(*x.Extracted)
	}
	e.bool(x.Backfilled)
}

func (e *enc) eventFields(x *Entry) {
	e.str(x.EventKind)
	e.strs(x.Authorities)
	e.str(x.Status)
	e.list(0, x.Amount == nil)
	if x.Amount != nil {
		e.float(x.Amount.Value)
		e.str(x.Amount.Currency)
		e.strs(x.Amount.PaidBy)
		e.time(x.Amount.Date)
	}
	e.list(len(x.Sources), x.Sources == nil)
	for _, l := range x.Sources {
		e.str(l.Title)
		e.str(l.URL)
	}
	e.strs(x.Related)
}

func (e *enc) caseFields(x *Entry) {
	e.str(x.Case)
	e.str(x.CaseID)
	e.strs(x.Parties)
	e.str(x.Instrument)
	e.str(x.Stage)
	e.time(x.Opened)
	e.list(len(x.Dates), x.Dates == nil)
	for _, cd := range x.Dates {
		e.str(cd.Date)
		e.str(cd.What)
		e.time(cd.Time)
	}
}

// entry reads what enc.entry wrote.
func (d *dec) entry(x *Entry) {
	x.Title = d.str()
	x.Date = d.time()
	x.Updated = d.time()
	x.Lang = d.str()
	x.Summary = d.str()
	x.Draft = d.bool()
	x.Hidden = d.bool()
	x.Topics = d.strs()
	x.Entities = d.strs()
	x.Jurisdictions = d.strs()
	x.Pinned = d.bool()
	x.Story = d.str()
	d.newsFields(x)
	d.eventFields(x)
	d.caseFields(x)
	x.Menu = int32(d.int())
}

func (d *dec) newsFields(x *Entry) {
	for _, p := range []*string{&x.ID, &x.Source, &x.Feed, &x.URL, &x.GUID, &x.Author, &x.Image} {
		*p = d.str()
	}
	x.Fetched = d.time()
	if n, isNil := d.list(); !isNil {
		x.Matched = make([]Match, n)
		for i := range x.Matched {
			m := &x.Matched[i]
			m.Topic, m.Term, m.Field = d.str(), d.str(), d.str()
			m.Offset, m.Weight = int(d.int()), d.float()
		}
	}
	x.RulesTagged = d.strs()
	if _, isNil := d.list(); !isNil {
		b := d.bool()
		x.Extracted = &b
	}
	x.Backfilled = d.bool()
}

func (d *dec) eventFields(x *Entry) {
	x.EventKind = d.str()
	x.Authorities = d.strs()
	x.Status = d.str()
	if _, isNil := d.list(); !isNil {
		x.Amount = &Amount{Value: d.float(), Currency: d.str(), PaidBy: d.strs(), Date: d.time()}
	}
	if n, isNil := d.list(); !isNil {
		x.Sources = make([]Link, n)
		for i := range x.Sources {
			x.Sources[i] = Link{Title: d.str(), URL: d.str()}
		}
	}
	x.Related = d.strs()
}

func (d *dec) caseFields(x *Entry) {
	x.Case = d.str()
	x.CaseID = d.str()
	x.Parties = d.strs()
	x.Instrument = d.str()
	x.Stage = d.str()
	x.Opened = d.time()
	if n, isNil := d.list(); !isNil {
		x.Dates = make([]CaseDate, n)
		for i := range x.Dates {
			x.Dates[i] = CaseDate{Date: d.str(), What: d.str(), Time: d.time()}
		}
	}
}
