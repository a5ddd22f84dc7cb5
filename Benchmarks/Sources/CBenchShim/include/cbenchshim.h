// What the Swift benchmarks cannot call from Glibc: CPU_SET/sched_setaffinity and the pause instruction.
// The monotonic clock is read here too, so that Swift and C baselines time round trips with the same call.
#ifndef ZCIPC_CBENCHSHIM_H
#define ZCIPC_CBENCHSHIM_H

#include <stdint.h>
#include <time.h>

/// Pins the calling process to `cpu` (modulo the online CPU count); does nothing on a single-CPU machine.
/// Returns 0 or an errno value.
int zcipc_bench_pin(int cpu);

/// The number of online CPUs.
int zcipc_bench_cpu_count(void);

/// CLOCK_MONOTONIC in nanoseconds (vDSO: no syscall).
static inline uint64_t zcipc_bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/// A spin-wait hint (x86 `pause`, arm64 `yield`).
static inline void zcipc_bench_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
