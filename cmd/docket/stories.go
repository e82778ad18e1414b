package main

import (
	"bufio"
	"fmt"
	"strings"

	"docket/internal/site"
)

const storiesSummary = "list the stories of several reports, each report and why it joined"

func runStories(std stdio, args []string) error {
	fs := newFlags(std, "stories", "[--root DIR] [--drafts]", storiesSummary+": the signals and their scores, or the editor's word (related, story:).")
	opts := site.Options{NoTemplates: true} // it lists, it renders nothing
	fs.StringVar(&opts.Root, "root", ".", "project `folder` holding content/ and feeds/")
	fs.BoolVar(&opts.Drafts, "drafts", false, "count entries marked draft: true")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := needProject(opts.Root, useRoot); err != nil {
		return err
	}
	s, err := site.Load(opts)
	if err != nil {
		return err
	}
	stories, err := s.Stories()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(std.out)
	for i, st := range stories {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  %s\n  %s\n", st.ID, st.URL(), st.Summary())
		for _, it := range st.Items {
			mark := " "
			if st.Primary(it) {
				mark = "*"
			}
			fmt.Fprintf(w, "  %s %s  %s  %s\n", mark, it.StoryID(), it.Date.Format("2006-01-02"), it.Title)
			fmt.Fprintf(w, "      %s\n", why(st, it))
		}
	}
	fmt.Fprintf(w, "\n%d stories of several reports (* primary source)\n", len(stories))
	ovs, err := s.Overrides()
	if err != nil {
		return err
	}
	if len(ovs) > 0 {
		fmt.Fprintf(w, "\nEditors' overrides (story: in front matter; fetch never rewrites them):\n")
	}
	for _, o := range ovs {
		fmt.Fprintf(w, "  %s:%d: story: %s  %s\n", o.Path, o.Line, o.Story, o.Describe())
	}
	return w.Flush()
}

// why is how a report joined its story: the signals of its best pair.
func why(st *site.Story, it *site.Item) string {
	m := st.Why(it)
	if it.IsEvent() && it.StoryValue() == "" {
		return "the editors' event: it anchors the story"
	}
	if m == nil || len(m.Signals) == 0 {
		return "the story's first report"
	}
	var parts []string
	for _, sg := range m.Signals {
		p := fmt.Sprintf("%s %.2f", sg.Name, sg.Score)
		if len(sg.Detail) > 0 {
			p += " (" + strings.Join(sg.Detail, ", ") + ")"
		}
		parts = append(parts, p)
	}
	s := fmt.Sprintf("score %.2f", m.Score)
	if m.Via != "" {
		s += " with " + m.Via
	}
	return s + ": " + strings.Join(parts, "; ")
}
