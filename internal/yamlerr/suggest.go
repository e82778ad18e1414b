package yamlerr

import (
	"fmt"
	"reflect"
	"strings"
)

// Suggest returns the candidate nearest to s when it is near enough to be
// a slip of the keyboard ("titel" for "title", "amazn" for "amazon"), or
// "". Near enough: at most a third of s's letters edited, and only one
// candidate that near.
func Suggest(s string, candidates []string) string {
	best, bestD, ties := "", len(s)/3+1, 0
	for _, c := range candidates {
		switch d := distance(s, c); {
		case d < bestD:
			best, bestD, ties = c, d, 0
		case d == bestD && best != "":
			ties++
		}
	}
	if ties > 0 {
		return ""
	}
	return best
}

// DidYouMean is Suggest's answer as the end of a message,
// ` (did you mean "title"?)`, or "".
func DidYouMean(s string, candidates []string) string {
	if m := Suggest(s, candidates); m != "" {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

// keys are the keys a mapping decoded into v may have: the yaml tags of
// its struct's fields, inlined structs' included; none for any other
// type.
func keys(v any) []string {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var ks []string
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case strings.Contains(opts, "inline"):
			ks = append(ks, keys(reflect.New(f.Type).Interface())...)
		case name != "" && name != "-":
			ks = append(ks, name)
		}
	}
	return ks
}

// distance is the Levenshtein distance between a and b, counting a swap of
// two neighbouring letters as one edit (optimal string alignment), in runes.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev2, prev, cur := make([]int, len(y)+1), make([]int, len(y)+1), make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
