#define _GNU_SOURCE
#include "cbenchshim.h"
#include "cpu_pin.h"

int zcipc_bench_pin(int cpu) {
    return zcipc_bench_pin_to(cpu);
}

int zcipc_bench_unpin(void) {
    return zcipc_bench_restore_cpus();
}
