#!/usr/bin/env python3
"""Turns the RESULT/THROUGHPUT/COUNT lines of one run-all.sh run into the Markdown results table.

usage: report.py RESULTS.tsv [full|quick]
       report.py --meta            prints the machine as a META line (run-all.sh appends it to RESULTS.tsv, so that a
                                   table regenerated later still names the machine and time of the run)

Only ratios between numbers of this one run are meaningful: the machines are shared and noisy.
"""
import os
import platform
import re
import json
import subprocess
import sys
import time

import report_peers

SIZES = [8, 4096, 65536, 1048576, 16777216]
SIZE_LABEL = {8: "8 B", 4096: "4 KiB", 65536: "64 KiB", 1048576: "1 MiB", 16777216: "16 MiB"}

# (name in the RESULT lines, description), in table order.
ROWS = [
    ("zc-typed-poll", "**ours**: typed request/response, busy-poll (first/last word written in place)"),
    ("zc-typed-whole-poll", "**ours**: typed request/response, busy-poll, whole struct written (`write(_:)`)"),
    ("zc-typed-inprocess", "ours, client and server in one thread: the runtime's software per round trip, no transfers"),
    ("zc-slice-poll", "**ours**: slice request/response, busy-poll"),
    ("zc-typed-wait", "**ours**: typed request/response, blocking wait"),
    ("zc-slice-wait", "**ours**: slice request/response, blocking wait"),
    ("swift-spin-line", "Swift spin floor (Atomic in a shared cache line)"),
    ("c-spin-line", "(a) C spin floor, value in one cache line"),
    ("c-spin-indexed", "(a') C spin, descriptor line + payload line found through it (floor of a descriptor-queue design)"),
    ("c-spin", "(a) C spin, payload buffers (first/last word echoed)"),
    ("c-futex-line-spin0ns", "(b) C futex, always blocks, one cache line"),
    ("c-futex-line-spin10000ns", "(b') C spin 10 µs then futex, one cache line"),
    ("c-futex-spin0ns", "(b) C futex, always blocks, payload buffers"),
    ("c-uds", "(c) Unix domain socket, bytes copied"),
    ("iox-poll", "(d) iceoryx 2.0 untyped client/server, busy-poll"),
    ("iox-waitset", "(d) iceoryx 2.0 untyped client/server, WaitSet"),
]


# Publish-subscribe ping-pong rows (RESULT lines are round trips; the table shows one-way = round trip / 2).
PUBSUB_ROWS = [
    ("zc-pubsub-typed-poll", "**ours**: typed publish-subscribe ping-pong (a2b/b2a), busy-poll"),
    ("zc-pubsub-slice-poll", "**ours**: slice publish-subscribe ping-pong (a2b/b2a), busy-poll"),
    ("c-spin-line", "(a) C spin floor, one cache line"),
    ("c-spin", "(a) C spin, payload buffers (first/last word echoed)"),
    ("iox-pubsub-poll", "(d) iceoryx 2.0 untyped publisher/subscriber (a2b/b2a), busy-poll"),
]
FANOUT_SUBSCRIBERS = [1, 2, 4, 8]
FANOUT_SIZES = [8, 1048576]


def slope(points):
    """Least-squares slope of (x, y) points."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else None


def parse(path):
    results, throughput, counts, failed = {}, {}, {}, []
    global recorded_machine
    with open(path) as f:
        for line in f:
            kind, _, rest = line.strip().partition(" ")
            if kind == "META":
                recorded_machine = json.loads(rest)
                continue
            fields = dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)
            if kind == "RESULT":
                # Several rounds: keep the round with the lowest median (noise on a shared machine only adds).
                key = (fields["name"], int(fields["size"]))
                old = results.get(key)
                fields["rounds"] = (old["rounds"] if old else 0) + 1
                if old is None or float(fields["median_ns"]) < float(old["median_ns"]):
                    results[key] = fields
                else:
                    old["rounds"] = fields["rounds"]
            elif kind == "THROUGHPUT":
                old = throughput.get(fields["name"])
                if old is None or float(fields["rps"]) > float(old["rps"]):
                    throughput[fields["name"]] = fields
            elif kind == "COUNT":
                counts[(fields["name"], fields["what"])] = fields
            elif kind == "FAILED":
                failed.append(fields.get("cmd", rest))
    return results, throughput, counts, failed


def fmt_ns(ns):
    ns = float(ns)
    if ns < 10_000:
        return f"{ns:.0f} ns"
    if ns < 1_000_000:
        return f"{ns / 1000:.1f} µs"
    return f"{ns / 1e6:.2f} ms"


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return ""


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return "unknown"


def pinned_cpus():
    """The CPUs client and server pin themselves to: the first two this process may run on (cpu_pin.h)."""
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        return f"not pinned (one CPU allowed: {allowed[0]})" if allowed else "not pinned"
    return f"client CPU {allowed[0]}, server CPU {allowed[1]}"


def machine():
    model = "unknown"
    for line in read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return [
        ("Date (UTC)", time.strftime("%Y-%m-%d %H:%M", time.gmtime())),
        ("CPU", f"{model}, {os.cpu_count()} CPUs"),
        ("Pinned to", pinned_cpus()),
        ("cpuidle driver", read("/sys/devices/system/cpu/cpuidle/current_driver")),
        ("Clock source", read("/sys/devices/system/clocksource/clocksource0/current_clocksource")),
        ("Kernel", platform.release()),
        ("Load average after the run", " ".join(read("/proc/loadavg").split()[:3])),
        ("Swift", (run(["swift", "--version"]).splitlines() or ["not found"])[0]),
        ("gcc", (run(["gcc", "--version"]).splitlines() or ["not found"])[0]),
        ("iceoryx", run(["dpkg-query", "-W", "-f", "${Version}", "iceoryx"]) or "not installed"),
    ]


recorded_machine = None


def main():
    if sys.argv[1] == "--meta":
        print("META " + json.dumps(machine()))
        return
    path = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "full"
    results, throughput, counts, failed = parse(path)

    def med(name, size):
        r = results.get((name, size))
        return float(r["median_ns"]) if r else None

    out = []
    out.append("# ZeroCopyIPC benchmark results\n")
    out.append(f"Generated by `Benchmarks/scripts/run-all.sh` ({mode} run). Two processes per measurement, client "
               "and server pinned to two CPUs (below); each round trip timed by the client with CLOCK_MONOTONIC. "
               "Cells are **median** (p99) per round trip; with several rounds, of the round with the lowest median "
               "(throughput: the highest). Only ratios within one run count: the machine is shared.\n")
    out.append("| Machine | |\n|---|---|")
    for k, v in (recorded_machine or machine()):
        out.append(f"| {k} | {v} |")
    out.append("")

    out.append("## Round-trip latency\n")
    out.append("| Measurement | " + " | ".join(SIZE_LABEL[s] for s in SIZES) + " |")
    out.append("|---|" + "---|" * len(SIZES))
    for name, desc in ROWS:
        cells = []
        for s in SIZES:
            r = results.get((name, s))
            cells.append(f"{fmt_ns(r['median_ns'])} ({fmt_ns(r['p99_ns'])})" if r else "")
        if any(cells):
            out.append(f"| {desc} | " + " | ".join(cells) + " |")
    out.append("")

    if any(not name.startswith("zc-pubsub") for name in throughput):
        out.append("## Throughput\n")
        out.append("Requests/s is the median over windows of 1,024 requests where the benchmark says so (robust "
                   "against the other tenants of a shared machine), else requests ÷ seconds; the mean column is "
                   "always requests ÷ seconds.\n")
        out.append("| Measurement | payload | requests | seconds | requests/s | mean requests/s |")
        out.append("|---|---|---|---|---|---|")
        for name, t in sorted(throughput.items()):
            if name.startswith("zc-pubsub"):
                continue  # in the publish-subscribe section
            mean = float(t.get("mean_rps", t["rps"]))
            out.append(f"| {t.get('desc', name).replace('_', ' ')} | {t['size']} B | {t['requests']} | "
                       f"{float(t['seconds']):.2f} | {float(t['rps']):,.0f} | {mean:,.0f} |")
        out.append("")

    if counts:
        out.append("## Steady-state cost per round trip\n")
        out.append("Syscalls: client and server together. With perf: `perf stat -e raw_syscalls:sys_enter`, "
                   "counters switched on by the benchmark for exactly its N timed round trips, count ÷ N (1–2 of the "
                   "calls are that switch itself); without: `strace -f -c`, (calls for 2N − calls for N) ÷ N. "
                   "Heap allocations: the ordo-one malloc interposer in each process over its steady-state round "
                   "trips (zcipc-bench), and the harness's own count on the client (`swift package benchmark`).\n")
        out.append("| Measurement | syscalls | heap allocations client | heap allocations server | how |")
        out.append("|---|---|---|---|---|")
        merged = {}
        for (name, what), c in counts.items():
            key = name.split("/")[0] if what == "syscalls" else name
            row = merged.setdefault(key, {"how": []})
            column = {"syscalls": "sys", "heap_allocations_server": "server"}.get(what, "client")
            row[column] = c["value"] + (" (harness)" if "harness" in what else "")
            row["how"].append(c.get("how", "").replace("_", " "))
        for key in sorted(merged):
            row = merged[key]
            how = "; ".join(h for h in row["how"] if "calls for" in h)
            out.append(f"| {key.replace('_', ' ')} | {row.get('sys', '')} | {row.get('client', '')} | "
                       f"{row.get('server', '')} | {how} |")
        out.append("")

    # Targets from issue 8, as ratios of medians from this run.
    targets = []

    def ratio_row(label, num, den, limit, kind):
        if num is None or den is None:
            sign = "≤" if kind == "max" else "≥"
            targets.append((label, "not measured", f"{sign} {limit}×", "—"))
            return
        r = num / den
        ok = r <= limit if kind == "max" else r >= limit
        sign = "≤" if kind == "max" else "≥"
        targets.append((label, f"{r:.2f}×", f"{sign} {limit}×", "met" if ok else "**missed**"))

    ratio_row("typed 8 B poll / C spin floor (cache line)", med("zc-typed-poll", 8), med("c-spin-line", 8), 2.0, "max")
    def ours_poll(s):  # the typed benchmark where there is one (8 B, 4 KiB struct), else the slice one
        typed = med("zc-typed-poll", s)
        return typed if typed is not None else med("zc-slice-poll", s)

    for s in (8, 4096, 65536):
        ratio_row(f"iceoryx poll / ours poll, {SIZE_LABEL[s]}", med("iox-poll", s), ours_poll(s), 3.0, "min")
    for s in (1048576, 16777216):
        ratio_row(f"slice {SIZE_LABEL[s]} / slice 8 B (poll)", med("zc-slice-poll", s), med("zc-slice-poll", 8), 1.2,
                  "max")
    ratio_row("blocking 8 B / C futex (always blocks)", med("zc-typed-wait", 8) or med("zc-slice-wait", 8),
              med("c-futex-line-spin0ns", 8), 1.3, "max")
    for s in SIZES:
        ratio_row(f"iceoryx WaitSet / ours blocking, {SIZE_LABEL[s]}", med("iox-waitset", s), med("zc-slice-wait", s),
                  1.0, "min")
        ratio_row(f"Unix socket / ours blocking, {SIZE_LABEL[s]}", med("c-uds", s), med("zc-slice-wait", s), 1.0, "min")
    for s in (65536, 1048576, 16777216):
        ratio_row(f"Unix socket / ours poll, {SIZE_LABEL[s]}", med("c-uds", s), med("zc-slice-poll", s), 10.0, "min")
    # Zero heap allocations and zero syscalls per steady-state round trip in busy-polling mode: one row each.
    for kind, label in (("syscalls", "syscalls"), ("heap", "heap allocations (client and server)")):
        values = [(name, c["value"]) for (name, what), c in counts.items()
                  if name.startswith("zc-") and not name.startswith("zc-pubsub") and "poll" in name
                  and what.startswith(kind)]
        if not values:
            targets.append((f"{label} per busy-poll round trip", "not measured", "0", "—"))
            continue
        try:
            worst = max(float(v) for _, v in values)
            targets.append((f"{label} per busy-poll round trip, worst of {len(values)} counts", f"{worst:g}", "0",
                            "met" if worst == 0 else "**missed**"))
        except ValueError:
            targets.append((f"{label} per busy-poll round trip", "n/a (counter inactive)", "0", "not measured"))

    out.append("## Targets (issue 8), ratios of medians from this run\n")
    out.append("| Target | measured | required | |")
    out.append("|---|---|---|---|")
    for t in targets:
        out.append("| " + " | ".join(t) + " |")
    out.append("")

    out.append("## Ratios for context\n")
    out.append("| Ratio | " + " | ".join(SIZE_LABEL[s] for s in SIZES) + " |")
    out.append("|---|" + "---|" * len(SIZES))
    for label, a, b in [("C descriptor-queue floor (a') / C spin floor (cache line)", "c-spin-indexed", "c-spin-line"),
                        ("ours typed poll / C descriptor-queue floor (a')", "zc-typed-poll", "c-spin-indexed"),
                        # The runtime's blocking wait spins before it sleeps; in a ping-pong it rarely sleeps. The same
                        # policy in C (b'), which is not the issue's baseline (b):
                        ("ours typed blocking / C spin 10 µs then futex (b')", "zc-typed-wait", "c-futex-line-spin10000ns"),
                        ("iceoryx poll / C spin", "iox-poll", "c-spin"),
                        ("iceoryx WaitSet / C futex", "iox-waitset", "c-futex-spin0ns"),
                        ("Unix socket / C spin", "c-uds", "c-spin")]:
        cells = []
        for s in SIZES:
            x, y = med(a, s), med(b, s)
            cells.append(f"{x / y:.1f}×" if x and y else "")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")

    out.extend(pubsub_section(results, throughput, counts, med))
    out.extend(report_peers.section(results, fmt_ns))

    if failed:
        out.append("## Failed measurements\n")
        for f in failed:
            out.append(f"- `{f}`")
        out.append("")
    print("\n".join(out))


def pubsub_section(results, throughput, counts, med):
    """The publish-subscribe tables and the targets of issue 17 (item 4), from the same run's lines."""
    names = {name for name, _ in results} | set(throughput) | {name for name, _ in counts}
    if not any(n.startswith(("zc-pubsub", "iox-pubsub")) for n in names):
        return []
    out = ["## Publish-subscribe (issue 17)\n"]
    out.append("One-way latency = round trip / 2 of a ping-pong over two services, iceoryx2's method: process A (CPU 0) "
               "publishes on `a2b` and busy-polls its subscriber of `b2a`, process B (CPU 1) the reverse; the "
               "sequence number is written into the payload's first and last word and read back in place, as in "
               "every round trip above. The C floor and C payload rows are the same run's round trips halved. "
               "Cells are **median** (p99), one way.\n")
    out.append("| One way | " + " | ".join(SIZE_LABEL[s] for s in SIZES) + " |")
    out.append("|---|" + "---|" * len(SIZES))
    for name, desc in PUBSUB_ROWS:
        cells = []
        for s in SIZES:
            r = results.get((name, s))
            cells.append(f"{fmt_ns(float(r['median_ns']) / 2)} ({fmt_ns(float(r['p99_ns']) / 2)})" if r else "")
        if any(cells):
            out.append(f"| {desc} | " + " | ".join(cells) + " |")
    out.append("")

    growth = {}
    if any((f"zc-pubsub-send-{n}sub", s) in results for n in FANOUT_SUBSCRIBERS for s in FANOUT_SIZES):
        out.append("### Cost of one send with 1, 2, 4 and 8 subscribers\n")
        out.append("One process, one thread (`zc-pubsub-send`): a publisher and N subscribers of one service; timed is "
                   "the loan, the two words written and `send()` (median (p99) per send); every subscriber then "
                   "receives and drops the sample, untimed. All lines stay in one cache, so the growth per subscriber "
                   "is the runtime's own work per subscriber. Growth: least-squares slope over 1, 2, 4, 8 "
                   "subscribers. With one subscriber the sample is also announced in its chunk (the one-reader fast "
                   "path), so the 1 → 2 step includes switching that off.\n")
        out.append("| Subscribers | " + " | ".join(f"{SIZE_LABEL[s]} slice" for s in FANOUT_SIZES) + " |")
        out.append("|---|" + "---|" * len(FANOUT_SIZES))
        for n in FANOUT_SUBSCRIBERS:
            cells = []
            for s in FANOUT_SIZES:
                r = results.get((f"zc-pubsub-send-{n}sub", s))
                cells.append(f"{fmt_ns(r['median_ns'])} ({fmt_ns(r['p99_ns'])})" if r else "")
            out.append(f"| {n} | " + " | ".join(cells) + " |")
        cells_growth, cells_step, cells_copy = [], [], []
        for s in FANOUT_SIZES:
            points = [(n, med(f"zc-pubsub-send-{n}sub", s)) for n in FANOUT_SUBSCRIBERS]
            points = [(n, y) for n, y in points if y is not None]
            g = slope(points) if len(points) >= 2 else None
            growth[s] = g
            cells_growth.append(f"{g:+.0f} ns" if g is not None else "")
            one, two = med("zc-pubsub-send-1sub", s), med("zc-pubsub-send-2sub", s)
            cells_step.append(f"{two - one:+.0f} ns" if one is not None and two is not None else "")
            copy = med("memcpy", s)
            cells_copy.append(fmt_ns(copy) if copy is not None else "")
        out.append("| growth per added subscriber | " + " | ".join(cells_growth) + " |")
        out.append("| step 1 → 2 subscribers | " + " | ".join(cells_step) + " |")
        out.append("| context: `memcpy` of the payload (what a copy per subscriber would add) | "
                   + " | ".join(cells_copy) + " |")
        out.append("")

    # The WaitSet (issue 18): wake-up latency with 1, 16 and 128 attachments, and the CPU time of an idle WaitSet.
    waitset = {size: r for (name, size), r in results.items() if name == "zc-waitset-wait"}
    idle = counts.get(("zc-waitset-idle-cpu", "cpu_us_user_plus_system"))
    if waitset or idle or any(name == "zc-event-wait" for name, _ in results):
        out.append("### WaitSet\n")
        out.append("`zc-waitset-wait`: A publishes on one of N services, B's WaitSet over N subscribers echoes; both "
                   "wait blocking (spin, then futex). Median round trip; ratio to 1 attachment.\n")
        out.append("| Attachments | median | p99 | ratio to 1 |")
        out.append("|---|---|---|---|")
        one = float(waitset[1]["median_ns"]) if 1 in waitset else None
        for size in sorted(waitset):
            r = waitset[size]
            ratio = f"{float(r['median_ns']) / one:.2f}×" if one else "n/a"
            out.append(f"| {size} | {fmt_ns(r['median_ns'])} | {fmt_ns(r['p99_ns'])} | {ratio} |")
        event = next((r for (name, _), r in results.items() if name == "zc-event-wait"), None)
        for baseline in ("c-futex-line-spin0ns", "c-futex-line-spin10000ns"):
            c = next((r for (name, _), r in results.items() if name == baseline), None)
            if event and c:
                out.append(f"\nEvent wake-up round trip `zc-event-wait` {fmt_ns(event['median_ns'])} against "
                           f"`{baseline}` {fmt_ns(c['median_ns'])}: "
                           f"{float(event['median_ns']) / float(c['median_ns']):.2f}×.")
        if idle:
            out.append(f"\nIdle WaitSet, 16 attachments, {idle.get('seconds', '?')} s: "
                       f"{int(idle['value']) / 1000:.2f} ms of CPU (user {idle.get('user_us')} µs, system "
                       f"{idle.get('system_us')} µs).")
        out.append("")

    tp = [t for name, t in sorted(throughput.items()) if name.startswith("zc-pubsub")]
    if tp:
        out.append("### Throughput\n")
        out.append("| Measurement | payload | samples | seconds | samples/s (median window) | mean samples/s |")
        out.append("|---|---|---|---|---|---|")
        for t in tp:
            out.append(f"| {t.get('desc', t['name']).replace('_', ' ')} | {t['size']} B | {t['requests']} | "
                       f"{float(t['seconds']):.2f} | {float(t['rps']):,.0f} | "
                       f"{float(t.get('mean_rps', t['rps'])):,.0f} |")
        out.append("")

    # Steady-state cost per sample of the ping-pong (a round trip is two samples: one each way).
    ping = [(name, what, c) for (name, what), c in counts.items()
            if name.startswith(("zc-pubsub-typed-poll", "zc-pubsub-slice-poll", "iox-pubsub-poll"))]
    if ping:
        out.append("### Steady-state cost per sample (ping-pong)\n")
        out.append("A round trip is two samples (one each way); per sample = per round trip ÷ 2. Syscalls: both "
                   "processes (`scripts/count-syscalls.sh`, 8 B); heap allocations: each process's malloc "
                   "interposer over its steady-state samples, and the ordo-one harness on process A.\n")
        out.append("| Measurement | what | per round trip | per sample |")
        out.append("|---|---|---|---|")
        for name, what, c in sorted(ping, key=lambda x: (x[0], x[1])):
            try:
                per_sample = f"{float(c['value']) / 2:g}"
            except ValueError:
                per_sample = c["value"]
            out.append(f"| {name.replace('_', ' ')} | {what.replace('_', ' ')} | {c['value']} | {per_sample} |")
        out.append("")

    targets = []

    def ratio_row(label, num, den, limit, kind, note=""):
        sign = "≤" if kind == "max" else "≥"
        if num is None or den is None:
            targets.append((label, "not measured", f"{sign} {limit}×", "—"))
            return
        r = num / den
        ok = r <= limit if kind == "max" else r >= limit
        targets.append((label, f"{r:.2f}×{note}", f"{sign} {limit}×", "met" if ok else "**missed**"))

    def ours(s):  # the typed ping-pong at 8 B, else the slice one
        typed = med("zc-pubsub-typed-poll", s)
        return typed if typed is not None else med("zc-pubsub-slice-poll", s)

    floor = med("c-spin-line", 8)
    ratio_row("one way, typed 8 B / C spin floor one way (floor round trip / 2)",
              ours(8) and ours(8) / 2, floor and floor / 2, 1.3, "max")
    for s in SIZES:
        ratio_row(f"iceoryx pub-sub one way / ours one way, {SIZE_LABEL[s]}" + (" (typed)" if s == 8 else " (slice)"),
                  med("iox-pubsub-poll", s), ours(s) if s == 8 else med("zc-pubsub-slice-poll", s), 5.0, "min")
    for s in (1048576, 16777216):
        ratio_row(f"slice {SIZE_LABEL[s]} / slice 8 B, one way", med("zc-pubsub-slice-poll", s),
                  med("zc-pubsub-slice-poll", 8), 1.2, "max")
    for kind, label in (("heap", "heap allocations per sample (both processes, and the harness)"),
                        ("syscalls", "syscalls per sample (both processes)")):
        values = [c["value"] for name, what, c in ping if name.startswith("zc-") and what.startswith(kind)]
        if not values:
            targets.append((label, "not measured", "0", "—"))
            continue
        try:
            worst = max(float(v) / 2 for v in values)
            targets.append((f"{label}, worst of {len(values)} counts", f"{worst:g}", "0",
                            "met" if worst == 0 else "**missed**"))
        except ValueError:
            targets.append((label, "n/a (counter inactive)", "0", "not measured"))
    g8, g1m, copy = growth.get(8), growth.get(1048576), med("memcpy", 1048576)
    if g8 is not None and g1m is not None:
        # A push costs the same at every size; a copy per subscriber would add the memcpy of the payload.
        ok = g1m <= 1.5 * max(g8, 1.0)
        context = f" (a 1 MiB copy: {fmt_ns(copy)})" if copy is not None else ""
        targets.append(("each added subscriber costs one queue push, not a copy: growth per subscriber, 1 MiB vs 8 B",
                        f"{g1m:+.0f} ns vs {g8:+.0f} ns{context}", "1 MiB ≤ 1.5× the 8 B growth",
                        "met" if ok else "**missed**"))
    else:
        targets.append(("each added subscriber costs one queue push, not a copy", "not measured", "", "—"))

    out.append("### Targets (issue 17), ratios of medians from this run\n")
    out.append("| Target | measured | required | |")
    out.append("|---|---|---|---|")
    for t in targets:
        out.append("| " + " | ".join(t) + " |")
    out.append("")
    return out


if __name__ == "__main__":
    main()
