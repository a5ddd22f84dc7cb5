#define _GNU_SOURCE
#include "cbenchshim.h"

#include <errno.h>
#include <sched.h>
#include <unistd.h>

int zcipc_bench_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}

int zcipc_bench_pin(int cpu) {
    int n = zcipc_bench_cpu_count();
    if (n < 2) return 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu % n, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
}
