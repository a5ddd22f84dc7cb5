#include "cshim.h"

#include <errno.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int cipc_futex_wait(uint32_t *address, uint32_t expected, int64_t timeout_ns) {
    struct timespec ts;
    struct timespec *tsp = 0;
    if (timeout_ns >= 0) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000);
        ts.tv_nsec = (long)(timeout_ns % 1000000000);
        tsp = &ts;
    }
    long rc = syscall(SYS_futex, address, FUTEX_WAIT, expected, tsp, 0, 0);
    return rc == -1 ? -errno : (int)rc;
}

int cipc_futex_wake(uint32_t *address, int32_t count) {
    long rc = syscall(SYS_futex, address, FUTEX_WAKE, count, 0, 0, 0);
    return rc == -1 ? -errno : (int)rc;
}

int cipc_cpu_has_cldemote(void) {
#if defined(__x86_64__)
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx >> 25) & 1;
#else
    return 0;
#endif
}
