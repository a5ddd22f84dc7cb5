// Shared helpers for the native baselines: options, CPU pinning, timing, statistics and the RESULT line.
//
// Every baseline is one executable that forks: the parent is the client (pinned to the first CPU it may run on),
// the child is the server (pinned to the second, when there are two). The client times every round trip on its own with
// CLOCK_MONOTONIC (vDSO, no syscall) and prints one line per measurement:
//
//   RESULT name=<baseline> size=<bytes> n=<samples> median_ns=<..> p99_ns=<..> mean_ns=<..> min_ns=<..>
//
// Benchmarks/scripts/run-all.sh collects those lines into the results table. The Swift benchmarks print the same
// line, computed the same way (Benchmarks/Sources/BenchSupport/LatencyRecorder.swift).
#ifndef ZCIPC_BENCH_COMMON_H
#define ZCIPC_BENCH_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// Clock, spin hint and pinning are the Swift benchmarks' own (one definition for both).
#include "../Sources/CBenchShim/cpu_pin.h"
#include "../Sources/CBenchShim/include/cbenchshim.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Round trips per measurement, warm-up round trips and a time cap, from the command line.
typedef struct {
    uint64_t iterations;  // timed round trips (upper bound)
    uint64_t warmup;      // untimed round trips before timing
    double max_seconds;   // stop timing early after this long (large payloads)
    size_t size;          // payload size in bytes
    const char *mode;     // baseline-specific mode
    long spin_ns;         // futex baseline: spin this long before blocking
    uint64_t batch;       // round trips per sample (1: each round trip timed on its own)
} bench_options;

static inline void bench_die(const char *what) {
    fprintf(stderr, "error: %s: %s\n", what, strerror(errno));
    exit(2);
}

static inline size_t bench_parse_size(const char *s) {
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (end && (*end == 'k' || *end == 'K')) v <<= 10;
    else if (end && (*end == 'm' || *end == 'M')) v <<= 20;
    return (size_t)v;
}

/// Parses `--size N[K|M] --iterations N --warmup N --max-seconds S --mode M --spin-ns N --smoke`.
static inline bench_options bench_parse(int argc, char **argv, const char *default_mode) {
    bench_options o = {200000, 20000, 3.0, 8, default_mode, 0, 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = (i + 1 < argc) ? argv[i + 1] : NULL;
        if (!strcmp(a, "--smoke")) { o.iterations = 20; o.warmup = 2; o.max_seconds = 1.0; continue; }
        if (!v) { fprintf(stderr, "error: option %s needs a value\n", a); exit(2); }
        if (!strcmp(a, "--size")) o.size = bench_parse_size(v);
        else if (!strcmp(a, "--iterations")) o.iterations = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--warmup")) o.warmup = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--max-seconds")) o.max_seconds = atof(v);
        else if (!strcmp(a, "--mode")) o.mode = v;
        else if (!strcmp(a, "--spin-ns")) o.spin_ns = atol(v);
        else if (!strcmp(a, "--batch")) o.batch = strtoull(v, NULL, 10);
        else { fprintf(stderr, "error: unknown option %s\n", a); exit(2); }
        i++;
    }
    if (o.size < 8) o.size = 8;
    if (o.iterations < 1) o.iterations = 1;
    return o;
}

static inline uint64_t bench_now_ns(void) { return zcipc_bench_now_ns(); }

/// Whether warm-up round trip `i` (counting from 0) should still run: at most `o->warmup` of them, and for at most a
/// third of `max_seconds` (a 16 MiB socket round trip takes milliseconds). `*deadline` starts at 0.
static inline int bench_warming(const bench_options *o, uint64_t i, uint64_t *deadline) {
    if (i >= o->warmup) return 0;
    if (i == 0) *deadline = bench_now_ns() + (uint64_t)(o->max_seconds / 3 * 1e9);
    return (i & 15) != 0 || bench_now_ns() < *deadline;
}

/// Pins the calling process to the `cpu`-th of the CPUs it may run on (see cpu_pin.h).
static inline void bench_pin(int cpu) {
    int error = zcipc_bench_pin_to(cpu);
    if (error != 0) { errno = error; bench_die("sched_setaffinity"); }
}

static inline void bench_cpu_relax(void) { zcipc_bench_cpu_relax(); }

static inline int bench_cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/// Sorts `samples` and prints the RESULT line: median = s[n/2], p99 = s[ceil(0.99 n) - 1].
static inline void bench_report(const char *name, size_t size, uint64_t *samples, uint64_t n) {
    if (n == 0) { fprintf(stderr, "error: %s: no samples\n", name); exit(3); }
    qsort(samples, n, sizeof *samples, bench_cmp_u64);
    long double sum = 0;
    for (uint64_t i = 0; i < n; i++) sum += samples[i];
    uint64_t p99_index = (uint64_t)((99 * n + 99) / 100);
    if (p99_index > 0) p99_index -= 1;
    printf("RESULT name=%s size=%zu n=%llu median_ns=%llu p99_ns=%llu mean_ns=%.0Lf min_ns=%llu\n", name, size,
           (unsigned long long)n, (unsigned long long)samples[n / 2], (unsigned long long)samples[p99_index],
           sum / n, (unsigned long long)samples[0]);
    fflush(stdout);
}

/// scripts/count-syscalls.sh runs a baseline under `perf stat -D -1 --control fifo:CTL,ACK` with
/// ZCIPC_PERF_CONTROL=CTL,ACK: bench_perf(1) before the first timed round trip and bench_perf(0) after the last make
/// perf count exactly the timed round trips (of both processes). Without the variable they do nothing.
static inline void bench_perf(int enable) {
    static int ctl = -2, ack = -2;
    if (ctl == -2) {
        ctl = ack = -1;
        const char *v = getenv("ZCIPC_PERF_CONTROL");
        const char *comma = v ? strchr(v, ',') : NULL;
        if (comma) {
            char path[4096];
            snprintf(path, sizeof path, "%.*s", (int)(comma - v), v);
            ctl = open(path, O_WRONLY);
            ack = open(comma + 1, O_RDONLY);
        }
    }
    if (ctl < 0 || ack < 0) return;
    const char *cmd = enable ? "enable\n" : "disable\n";
    char buf[16];
    if (write(ctl, cmd, strlen(cmd)) < 0 || read(ack, buf, sizeof buf) < 0) bench_die("perf control");
}

/// Waits for the forked server; fails the run if it did not exit cleanly.
static inline void bench_reap(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) bench_die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "error: server process failed (status %d)\n", status);
        exit(3);
    }
}

/// Allocates the sample buffer for `o`.
static inline uint64_t *bench_samples(const bench_options *o) {
    uint64_t *s = (uint64_t *)malloc(sizeof(uint64_t) * o->iterations);
    if (!s) bench_die("malloc");
    return s;
}

#ifdef __cplusplus
}
#endif
#endif
