"""The C, C++ and Python peers' section of the results table (issue 20), from the same run's RESULT lines.

Targets, as ratios of medians of this run: a C or C++ peer costs at most 10 % more per round trip than Swift
(`zc-typed-poll`, Swift client and Swift server); the Python round trip is faster than iceoryx2's own Python binding.
"""

ROWS = [
    ("zc-typed-poll", "Swift client ↔ Swift server (`zc-typed-poll`, the reference)"),
    ("zc-c-swift-poll", "C client ↔ Swift server (zero-copy calls: loan, payload, send, receive, drop)"),
    ("zc-c-c-poll", "C client ↔ C server"),
    ("zc-cpp-cpp-poll", "C++ client ↔ C++ server (`ipcgen cpp` layer)"),
    ("zc-c-swift-poll-copy", "C client ↔ Swift server, copying calls (`zc_client_send_copy`, `…_receive_copy`)"),
    ("zc-c-c-poll-copy", "C client ↔ C server, copying calls"),
    ("zc-py-swift-poll", "Python client ↔ Swift server (`send_copy` / `receive_copy`: one C call each way)"),
    ("zc-py-python-poll", "Python client ↔ Python server (`send_copy` / `receive_copy`)"),
    ("zc-py-swift-poll-loan", "Python client ↔ Swift server, zero-copy calls (loan, `payload.value`, send, receive)"),
    ("zc-py-python-poll-loan", "Python client ↔ Python server, zero-copy calls"),
    ("iox2-py-poll", "iceoryx2 0.10 Python client ↔ Python server (`send_copy`, `receive`, `payload()`)"),
    ("iox2-py-poll-loan", "iceoryx2 0.10 Python, `loan_uninit().write_payload().send()`"),
    ("zc-typed-inprocess", "context: Swift client and server in one thread (software per round trip)"),
    ("zc-c-inprocess", "context: C client and server in one thread (the C API's software per round trip)"),
]


def section(results, fmt_ns):
    """Markdown lines: the round trips and the targets, or nothing if no peer ran."""
    if not any(name in {"zc-c-c-poll", "zc-cpp-cpp-poll", "zc-py-python-poll", "iox2-py-poll"}
               for name, _ in results):
        return []

    def med(name):
        r = results.get((name, 8))
        return float(r["median_ns"]) if r else None

    out = ["## C, C++ and Python peers (issue 20)\n"]
    out.append("The round trip of `zc-typed-poll` (8 B, first word written in place, busy-poll), with the client "
               "and server written in C, C++ and Python over the C API (`zerocopyipc.h`, libZeroCopyIPCC.so) and "
               "the code `ipcgen c|cpp|python` generates from `Definitions/BenchPayloads.ipcdef`; against iceoryx2's "
               "own Python binding in the same run. Client on CPU 0, server on CPU 1; **median** (p99).\n")
    out.append("| Round trip, 8 B | median (p99) | / Swift ↔ Swift |")
    out.append("|---|---|---|")
    swift = med("zc-typed-poll")
    for name, desc in ROWS:
        r = results.get((name, 8))
        if not r:
            continue
        ratio = f"{float(r['median_ns']) / swift:.2f}×" if swift and not name.endswith("inprocess") else ""
        out.append(f"| {desc} | {fmt_ns(r['median_ns'])} ({fmt_ns(r['p99_ns'])}) | {ratio} |")
    out.append("")

    targets = []

    def target(label, num, den, limit, strict=False):
        sign = "<" if strict else "≤"
        if num is None or den is None:
            targets.append((label, "not measured", f"{sign} {limit}×", "—"))
            return
        r = num / den
        ok = r < limit if strict else r <= limit
        targets.append((label, f"{r:.2f}×", f"{sign} {limit}×", "met" if ok else "**missed**"))

    target("C client ↔ Swift server / Swift ↔ Swift", med("zc-c-swift-poll"), swift, 1.10)
    target("C ↔ C / Swift ↔ Swift", med("zc-c-c-poll"), swift, 1.10)
    target("C++ ↔ C++ / Swift ↔ Swift", med("zc-cpp-cpp-poll"), swift, 1.10)
    iox2 = med("iox2-py-poll")
    target("Python client ↔ Swift server / iceoryx2 Python", med("zc-py-swift-poll"), iox2, 1.0, strict=True)
    target("Python ↔ Python / iceoryx2 Python", med("zc-py-python-poll"), iox2, 1.0, strict=True)
    out.append("### Targets (issue 20), ratios of medians from this run\n")
    out.append("| Target | measured | required | |")
    out.append("|---|---|---|---|")
    for t in targets:
        out.append("| " + " | ".join(t) + " |")
    out.append("")
    return out
