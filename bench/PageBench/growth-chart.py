#!/usr/bin/env python3
"""Draws docs/growth.png from docs/growth.csv: how the day page's p99 and p50 (PageBench, wrk at 32 connections) and
search's p95 and median (SearchBench measure, one query at a time) grow with the catalog, in milliseconds and as a
multiple of their value at the smallest catalog.

usage: /usr/bin/python3 bench/PageBench/growth-chart.py [docs/growth.csv] [docs/growth.png]
(Debian: apt-get install -y python3-matplotlib)
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(args):
    source = args[0] if args else "docs/growth.csv"
    target = args[1] if len(args) > 1 else "docs/growth.png"
    with open(source, encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["papers"]))
    papers = [int(r["papers"]) for r in rows]
    series = [
        ("day page p99, wrk -c32", "day_p99_ms", "tab:blue", "-"),
        ("day page p50", "day_p50_ms", "tab:blue", ":"),
        ("search p95, one query at a time", "search_p95_ms", "tab:orange", "-"),
        ("search median", "search_median_ms", "tab:orange", ":"),
    ]
    figure, (absolute, relative) = plt.subplots(1, 2, figsize=(11, 4.2))
    for label, key, color, style in series:
        values = [float(r[key]) for r in rows]
        absolute.plot(papers, values, marker="o", color=color, linestyle=style, label=label)
        for x, y in zip(papers, values):
            absolute.annotate(f"{y:g}", (x, y), textcoords="offset points", xytext=(4, 6), fontsize=8)
        relative.plot(papers, [v / values[0] for v in values], marker="o", color=color, linestyle=style, label=label)
    for axis in (absolute, relative):
        axis.set_xscale("log")
        axis.set_xticks(papers)
        axis.set_xticklabels([f"{p:,}" for p in papers])
        axis.set_xlabel("papers in the catalog")
        axis.grid(True, alpha=0.3)
    absolute.set_yscale("log")
    absolute.set_ylabel("milliseconds (log scale)")
    absolute.set_title("latency")
    relative.axhline(2, color="gray", linestyle="--", linewidth=1)
    relative.annotate("target: < 2x", (papers[0], 2), textcoords="offset points", xytext=(2, 4), fontsize=8, color="gray")
    relative.set_ylabel(f"x its value at {papers[0]:,} papers")
    relative.set_title("growth")
    absolute.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.55, 0.12))
    note = rows[-1].get("note", "")
    figure.suptitle("PaperFeed: cost against catalog size" + (f" ({note})" if note else ""), fontsize=10)
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
