// What the Swift benchmarks cannot call from Glibc: CPU_SET/sched_setaffinity and the pause instruction.
// The native baselines include this header too (Native/bench_common.h), so that Swift and C time round trips with
// the same clock call and spin with the same hint.
#ifndef ZCIPC_CBENCHSHIM_H
#define ZCIPC_CBENCHSHIM_H

#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Pins the calling process to the `cpu`-th of the CPUs it may run on (see `cpu_pin.h`); does nothing when it may
/// run on one only. Returns 0 or an errno value.
int zcipc_bench_pin(int cpu);

/// Gives the calling process back the CPUs it had before its first pin (see `cpu_pin.h`): called before it spawns
/// another process, which would otherwise inherit its single CPU. Returns 0 or an errno value.
int zcipc_bench_unpin(void);

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

#ifdef __cplusplus
}
#endif

#endif
