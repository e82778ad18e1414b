package main

import (
	"fmt"
	"time"

	"docket/internal/site"
)

func runBuild(std stdio, args []string) error {
	fs := newFlags(std, "build", "[flags]", "Render content/ into the static site, replacing public/ only when the build succeeds.")
	opts := site.Options{}
	fs.StringVar(&opts.Root, "root", ".", "project `folder` holding content/, templates/ and feeds/")
	fs.StringVar(&opts.Out, "out", "", "output `folder` (default ROOT/public)")
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute `URL` the site is published at (default base_url in content/site.yaml)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "publish entries marked draft: true")
	if err := parse(fs, args); err != nil {
		return err
	}
	start := time.Now()
	res, err := site.Build(opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "built %d entries, %d files in %s\n", res.Entries, res.Files, time.Since(start).Round(time.Millisecond))
	return nil
}
