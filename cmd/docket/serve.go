package main

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"docket/internal/serve"
)

func runServe(std stdio, args []string) error {
	fs := newFlags(std, "serve", "[flags]", "Build the site, serve it on loopback and rebuild on every change to content/, templates/ or feeds/, reloading the browser.")
	opts := serve.Options{}
	fs.StringVar(&opts.Root, "root", ".", "project `folder`")
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:1313", "listen `address`")
	poll := fs.Bool("poll", false, "poll for changes (for file systems without change events)")
	open := fs.Bool("open", false, "open the site in a browser")
	fs.BoolVar(&opts.Drafts, "drafts", false, "show entries marked draft: true")
	verbose := fs.Bool("v", false, "log every rebuild")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := needProject(opts.Root, useRoot); err != nil {
		return err
	}
	if *poll {
		opts.Poll = 500e6 // 500 ms
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	opts.Log = slog.New(slog.NewTextHandler(std.err, &slog.HandlerOptions{Level: level}))
	if *open {
		opts.Ready = func(url string) { _ = exec.Command("xdg-open", url).Start() }
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve.Run(ctx, opts)
}
