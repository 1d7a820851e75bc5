#!/usr/bin/env python3
"""Where the CPU time of a dotnet-trace sample goes: reads a speedscope file (dotnet-trace collect --format Speedscope,
one evented profile per thread) and prints the frames with the largest inclusive share of the samples, over every thread that did work.

usage: top-frames.py TRACE.speedscope.json [--top N] [--match TEXT]
  --match TEXT   only frames whose name contains TEXT (e.g. PaperFeed, OutputCach, RateLimit)
"""
import json
import sys
from collections import Counter


def main(args):
    if not args or args[0].startswith("--"):
        print(__doc__, file=sys.stderr)
        return 2
    top, match = 40, None
    if "--top" in args:
        top = int(args[args.index("--top") + 1])
    if "--match" in args:
        match = args[args.index("--match") + 1]
    with open(args[0], encoding="utf-8") as f:
        trace = json.load(f)
    names = [frame["name"] for frame in trace["shared"]["frames"]]
    waiting = ("WaitHandle", "LowLevelLifoSemaphore", "Monitor.Wait", "Thread.Sleep", "WaitForSignal", "epoll_wait",
               "SemaphoreSlim.Wait", "Interop+Sys.WaitForSocketEvents", "LowLevelSpinWaiter")
    inclusive, total = Counter(), 0.0
    for profile in trace["profiles"]:
        # dotnet-trace writes one evented profile per thread: frames open and close at times; the time between two
        # events belongs to every frame on the stack then, unless its top frame is a wait.
        stack, last = [], None
        for event in profile.get("events", []):
            if last is not None and stack and event["at"] > last:
                top_name = names[stack[-1]]
                if not any(w in top_name for w in waiting) and not any(w in names[f] for f in stack[-3:] for w in waiting):
                    span = event["at"] - last
                    total += span
                    for index in set(stack):
                        inclusive[index] += span
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if total == 0:
        print("no samples", file=sys.stderr)
        return 1
    shown = 0
    for index, weight in inclusive.most_common():
        if match and match not in names[index]:
            continue
        print(f"{100 * weight / total:5.1f}%  {names[index][:160]}")
        shown += 1
        if shown == top:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
