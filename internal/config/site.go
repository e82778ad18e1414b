// Package config reads content/site.yaml, the site's settings.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"golang.org/x/text/language"

	"docket/internal/projfile"
	"docket/internal/yamlerr"
)

// Excerpt policies: how much of a fetched article the site republishes.
const (
	ExcerptSummary = "summary" // only the summary
	ExcerptLead    = "lead"    // the first excerpt_words words of the article
	ExcerptFull    = "full"    // the whole extracted text (only with the publisher's permission)
)

// Site holds the settings in content/site.yaml.
type Site struct {
	Title        string `yaml:"title"`
	Description  string `yaml:"description"`
	BaseURL      string `yaml:"base_url"` // absolute URL the site is published at, e.g. https://example.org/tracker/
	Language     string `yaml:"language"` // default language of entries, e.g. en
	Author       string `yaml:"author"`
	Contact      string `yaml:"contact"`       // URL or mailto: for the fetcher's User-Agent
	PageSize     int    `yaml:"page_size"`     // entries per timeline page
	FeedSize     int    `yaml:"feed_size"`     // entries per Atom/JSON feed
	Excerpt      string `yaml:"excerpt"`       // summary, lead or full
	ExcerptWords int    `yaml:"excerpt_words"` // with excerpt: lead
}

// Defaults are the settings used where site.yaml is silent.
func Defaults() Site {
	return Site{Title: "docket", Language: "en", BaseURL: "http://localhost:1313/", PageSize: 50, FeedSize: 50, Excerpt: ExcerptLead, ExcerptWords: 80}
}

// Load reads the settings file at path over the defaults. A missing file
// gives the defaults; errors name the file and line.
func Load(path string) (Site, error) {
	s := Defaults()
	data, err := projfile.ReadFile(path, projfile.MaxConfig)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(strings.TrimSpace(string(data))) == 0) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := yamlerr.Unmarshal(data, &s, yaml.Strict()); err != nil {
		return s, yamlerr.At(path, data, err)
	}
	if err := s.SetBaseURL(s.BaseURL); err != nil {
		return s, fmt.Errorf("%s: %w", keyAt(path, data, "base_url"), err)
	}
	return s, s.check(func(key string) string { return keyAt(path, data, key) })
}

// keyAt names the file, line and column of a top-level key's value in
// the settings file data, or the file alone when it cannot tell.
func keyAt(path string, data []byte, key string) string {
	p, err := yaml.PathString("$." + key)
	if err != nil {
		return path
	}
	f, err := yamlerr.Parse(data, 0)
	if err != nil {
		return path
	}
	n, err := p.FilterFile(f)
	if err != nil || n == nil {
		return path
	}
	pos := n.GetToken().Position
	return fmt.Sprintf("%s:%d:%d", path, pos.Line, pos.Column)
}

// CheckBaseURL says what is wrong with u as the site's address, if
// anything: it must be an absolute http(s) URL without a query, a
// fragment or a user.
func CheckBaseURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" || p.Fragment != "" || p.User != nil {
		return fmt.Errorf("%q: want an absolute http(s) URL such as https://example.org/tracker/", u)
	}
	return nil
}

// SetBaseURL validates u and stores it with a trailing slash.
func (s *Site) SetBaseURL(u string) error {
	if err := CheckBaseURL(u); err != nil {
		return fmt.Errorf("base_url %w", err)
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	s.BaseURL = u
	return nil
}

// BasePath is the path part of the base URL, always ending in "/".
func (s *Site) BasePath() string {
	p, _ := url.Parse(s.BaseURL)
	if p == nil || p.Path == "" {
		return "/"
	}
	return p.Path
}

// Abs makes an absolute URL from a site path such as /news/2021/09/x/.
func (s *Site) Abs(path string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + path
}

// check validates the values; at names where a key's value is.
func (s *Site) check(at func(key string) string) error {
	var errs []error
	if s.PageSize < 1 {
		errs = append(errs, fmt.Errorf("%s: page_size must be at least 1", at("page_size")))
	}
	if s.FeedSize < 1 {
		errs = append(errs, fmt.Errorf("%s: feed_size must be at least 1", at("feed_size")))
	}
	if s.Excerpt == ExcerptLead && s.ExcerptWords < 1 {
		// 0 would mean no cut: the whole article under the "lead" policy.
		errs = append(errs, fmt.Errorf("%s: excerpt_words must be at least 1 with excerpt: lead", at("excerpt_words")))
	}
	if tag, err := language.Parse(s.Language); err != nil || !strings.EqualFold(tag.String(), s.Language) {
		// It is every page's <html lang>, as written: Parse also takes
		// en_US, which no browser does.
		errs = append(errs, fmt.Errorf("%s: language %q is not a BCP 47 language tag such as en, zh or zh-Hant", at("language"), s.Language))
	}
	if !slices.Contains([]string{ExcerptSummary, ExcerptLead, ExcerptFull}, s.Excerpt) {
		errs = append(errs, fmt.Errorf("%s: excerpt %q: use summary, lead or full", at("excerpt"), s.Excerpt))
	}
	return errors.Join(errs...)
}
