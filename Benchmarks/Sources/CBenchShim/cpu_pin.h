// CPU pinning shared by the Swift benchmarks (through shim.c) and the native baselines (through
// Native/bench_common.h), so that both put their client and server on the same CPUs.
#ifndef ZCIPC_CBENCH_CPU_PIN_H
#define ZCIPC_CBENCH_CPU_PIN_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>

/// Pins the calling process to the `index`-th (modulo their number) of the CPUs it may run on: CPU 0 and CPU 1 on
/// an unrestricted machine, the first two CPUs of the set in a container or cgroup limited to some of them. Does
/// nothing when the process may run on one CPU only. Processes pin themselves right after they start or fork, so
/// both sides see the set they were started with.
/// Returns 0 or an errno value.
static inline int zcipc_bench_pin_to(int index) {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return errno;
    int count = CPU_COUNT(&allowed);
    if (count < 2) return 0;
    int wanted = index % count;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed) || wanted-- != 0) continue;
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
    }
    return EINVAL;
}

#endif
