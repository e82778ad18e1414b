#!/bin/sh
# newer-entries.sh DOCKET [N [ADD]]: how many files of a built site change
# when ADD (20) entries newer than all others arrive, by kind of page.
# It makes a synthetic project of N (3000) entries with DOCKET (a docket
# binary), builds it, writes ADD news items dated after the newest one
# (late on 30 Dec 2025, the synthetic archive's last year, so that no new
# year appears), builds again and compares the two public/ folders.
# Kinds: entry pages (news, events, stories), the home listing's first
# page and its numbered pages (/page/N/), term listings' first and
# numbered pages, archives, feeds, search, data, other.
set -eu
bin=$(realpath "$1"); n=${2:-3000}; add=${3:-20}
here=$(dirname "$(realpath "$0")")
# KEEP=DIR keeps the projects and both sites in DIR, for a look.
if [ -n "${KEEP:-}" ]; then
	dir=$KEEP; rm -rf "$dir"; mkdir -p "$dir"
else
	dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fi
# TEMPLATES=DIR: the templates to build with (default: this tree's).
"$bin" synth -n "$n" --templates "${TEMPLATES:-$here/../../../templates}" "$dir/p" >/dev/null
cd "$dir/p"
"$bin" build >/dev/null
cp -a public "$dir/before"
# Made-up words, different for each entry, so that no two added entries
# look alike enough to be grouped into a story.
words() {
	awk -v s="$1" -v n="$2" 'BEGIN { split("ka lo mi nu pe ra si to vu xe za bo ce di fu gi", y, " "); srand(s)
		for (i = 0; i < n; i++) { w = ""; for (j = 0; j < 3; j++) w = w y[int(rand() * 16) + 1]; printf "%s%s", (i ? " " : ""), w } }'
}
i=0
while [ "$i" -lt "$add" ]; do
	f=content/news/2025/12/newer-entry-$i.md
	cat >"$f" <<MD
---
title: "Newer $(words $((i + 1)) 6)"
date: 2025-12-30T$(printf %02d $((i % 24))):$(printf %02d $((i / 24))):00Z
summary: "$(words $((i + 1000)) 14)."
topics: [topic-$((i % 30)), topic-$(((i + 7) % 30))]
entities: [co-$((i % 140))]
jurisdictions: [region-$((i % 20))]
source: Outlet $((i % 25))
feed: feed-$((i % 25))
url: https://newer.example/$i
extracted: true
matched:
  - {topic: topic-$((i % 30)), term: term, field: title, weight: 2}
---

$(words $((i + 2000)) 60).
MD
	i=$((i + 1))
done
"$bin" build >/dev/null
cd "$dir"
kind() {
	case "$1" in
	news/* | events/* | stories/*) echo entry ;;
	index.html) echo home-first ;;
	page/*) echo home-numbered ;;
	topics/*/page/* | entities/*/page/* | authorities/*/page/* | jurisdictions/*/page/* | sources/*/page/*) echo term-numbered ;;
	topics/*/index.html | entities/*/index.html | authorities/*/index.html | jurisdictions/*/index.html | sources/*/index.html) echo term-first ;;
	archive/*) echo archive ;;
	*feed.xml | *feed.json | sitemap*.xml | calendar.ics) echo feed ;;
	search/*) echo search ;;
	data/*) echo data ;;
	*) echo other ;;
	esac
}
(cd before && find . -type f | sed 's|^\./||') | sort >old.txt
(cd p/public && find . -type f | sed 's|^\./||') | sort >new.txt
comm -12 old.txt new.txt | while read -r f; do
	k=$(kind "$f")
	if cmp -s "before/$f" "p/public/$f"; then echo "$k same"; else echo "$k changed"; fi
done >rows.txt
comm -13 old.txt new.txt | while read -r f; do echo "$(kind "$f") added"; done >>rows.txt
comm -23 old.txt new.txt | while read -r f; do echo "$(kind "$f") removed"; done >>rows.txt
printf '%-14s %8s %8s %8s %8s\n' kind files changed added removed
awk '{t[$1]++; c[$1,$2]++} END {for (k in t) printf "%-14s %8d %8d %8d %8d\n", k, t[k]-c[k,"removed"], c[k,"changed"], c[k,"added"], c[k,"removed"]}' rows.txt | sort
