"""Options, CPU pinning, timing and the RESULT line of the Python benchmarks, as Native/bench_common.h does them.

Options: --iterations N --warmup N --max-seconds S --smoke (the native baselines' spelling). The client times each
round trip with CLOCK_MONOTONIC (time.monotonic_ns) and prints

    RESULT name=<name> size=8 n=<samples> median_ns=<..> p99_ns=<..> mean_ns=<..> min_ns=<..>

with median = s[n/2] and p99 = s[ceil(0.99 n) - 1] of the sorted samples, as bench_report() does.
"""

import os
import subprocess
import sys
import time

STOP = (1 << 64) - 1  # the sequence number that tells a server to answer once more and exit


class Options:
    def __init__(self, arguments):
        self.iterations, self.warmup, self.max_seconds = 200_000, 20_000, 3.0
        self.rest = {}
        index = 0
        while index < len(arguments):
            argument = arguments[index]
            if argument == "--smoke":
                self.iterations, self.warmup, self.max_seconds = 20, 2, 1.0
                index += 1
                continue
            if index + 1 >= len(arguments):
                sys.exit(f"error: option {argument} needs a value")
            value = arguments[index + 1]
            if argument == "--iterations":
                self.iterations = max(1, int(value))
            elif argument == "--warmup":
                self.warmup = int(value)
            elif argument == "--max-seconds":
                self.max_seconds = float(value)
            elif argument == "--size":
                if value != "8":
                    sys.exit("error: the Python round trips are 8 bytes")
            else:
                self.rest[argument] = value
            index += 2


_original_cpus = sorted(os.sched_getaffinity(0))


def pin(index):
    """Pins this process to the index-th of the CPUs it could first run on (Sources/CBenchShim/cpu_pin.h)."""
    if len(_original_cpus) >= 2:
        os.sched_setaffinity(0, {_original_cpus[index % len(_original_cpus)]})


def spawn(arguments):
    """Starts a server process with every CPU this process first had (it pins itself)."""
    return subprocess.Popen(arguments, preexec_fn=lambda: os.sched_setaffinity(0, set(_original_cpus)))


def reap(process, seconds=20):
    status = process.wait(timeout=seconds)
    if status != 0:
        sys.exit(f"error: server process failed (status {status})")


def wait_until(what, condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"error: timed out waiting for {what}")
        time.sleep(0.0001)


def measure(options, round_trip):
    """Warm-up (at most `warmup` round trips and a third of max_seconds), then up to `iterations` timed round
    trips (at most max_seconds); returns the samples. `round_trip` gets sequence numbers from 1."""
    now = time.monotonic_ns
    sequence = 1
    warm_deadline = now() + int(options.max_seconds / 3 * 1e9)
    for index in range(options.warmup):
        if index & 15 == 0 and now() > warm_deadline:
            break
        round_trip(sequence)
        sequence += 1
    samples = []
    append = samples.append
    deadline = now() + int(options.max_seconds * 1e9)
    for _ in range(options.iterations):
        start = now()
        round_trip(sequence)
        end = now()
        append(end - start)
        sequence += 1
        if len(samples) & 15 == 0 and end > deadline:
            break
    return samples


def report(name, samples):
    samples.sort()
    n = len(samples)
    if n == 0:
        sys.exit(f"error: {name}: no samples")
    p99 = max(0, (99 * n + 99) // 100 - 1)
    print(f"RESULT name={name} size=8 n={n} median_ns={samples[n // 2]} p99_ns={samples[p99]} "
          f"mean_ns={sum(samples) / n:.0f} min_ns={samples[0]}", flush=True)
