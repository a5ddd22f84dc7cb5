#!/usr/bin/env python3
"""Reads `swift package benchmark --no-progress` text output on stdin and prints, per benchmark,

    COUNT name=<first word of the benchmark name> what=heap_allocations value=<p50> how=<...>

from the harness's "Malloc (total) *" row: the malloc interposer's count per round trip (scaled by the benchmark's
scalingFactor, i.e. per round trip), median and maximum over the samples.
"""
import re
import sys

name = None
for raw in sys.stdin:
    line = raw.strip()
    if not line:
        continue
    if line[0] not in "│╒╞├╘=" and not line.startswith("Host") and not line.startswith("Baseline"):
        name = line.replace(" ", "_")
        continue
    if line.startswith("│ Malloc (total)") and name:
        cells = [c.strip() for c in line.strip("│").split("│")]
        # Metric | p0 | p25 | p50 | p75 | p90 | p99 | p100 | Samples
        values = cells[1:]
        p50, p100 = values[2], values[6]
        print(f"COUNT name={name} what=heap_allocations_client_(harness) value={p50} "
              f"how=ordo-one_malloc_interposer,_median_of_{values[7]}_samples_(max_{p100})")
