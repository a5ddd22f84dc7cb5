// CPU pinning shared by the Swift benchmarks (through shim.c) and the native baselines (through
// Native/bench_common.h), so that both put their client and server on the same CPUs.
#ifndef ZCIPC_CBENCH_CPU_PIN_H
#define ZCIPC_CBENCH_CPU_PIN_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>

/// The CPUs this process could run on before it first pinned itself (valid once `zcipc_bench_original_saved`).
static cpu_set_t zcipc_bench_original;
static int zcipc_bench_original_saved;

/// Pins the calling process to the `index`-th (modulo their number) of the CPUs it may run on: CPU 0 and CPU 1 on
/// an unrestricted machine, the first two CPUs of the set under `taskset` or in a container or cgroup limited to
/// some of them. Does nothing when the process may run on one CPU only. The set is the one the process had before
/// its first pin, so pinning again picks from the same CPUs.
/// Returns 0 or an errno value.
static inline int zcipc_bench_pin_to(int index) {
    if (!zcipc_bench_original_saved) {
        if (sched_getaffinity(0, sizeof zcipc_bench_original, &zcipc_bench_original) != 0) return errno;
        zcipc_bench_original_saved = 1;
    }
    int count = CPU_COUNT(&zcipc_bench_original);
    if (count < 2) return 0;
    int wanted = index % count;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &zcipc_bench_original) || wanted-- != 0) continue;
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
    }
    return EINVAL;
}

/// Gives the calling process back the CPUs it had before its first pin. A process that pinned itself calls this
/// before it starts another one (a client spawning the server of its next measurement), which would otherwise inherit
/// the single CPU and share it. Returns 0 or an errno value.
static inline int zcipc_bench_restore_cpus(void) {
    if (!zcipc_bench_original_saved) return 0;
    return sched_setaffinity(0, sizeof zcipc_bench_original, &zcipc_bench_original) == 0 ? 0 : errno;
}

#endif
