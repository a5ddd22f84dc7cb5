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

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

// The kernel's `struct futex_waitv` (linux/futex.h since 5.16), spelled out so older headers build too.
struct cipc_futex_waitv {
    uint64_t val;
    uint64_t uaddr;
    uint32_t flags;
    uint32_t reserved;
};

int cipc_futex_waitv(uint32_t *const *addresses, const uint32_t *expected, int32_t count, int64_t timeout_ns) {
    struct cipc_futex_waitv waiters[128];
    if (count < 1 || count > 128) return -EINVAL;
    for (int32_t i = 0; i < count; i++) {
        waiters[i].val = expected[i];
        waiters[i].uaddr = (uint64_t)(uintptr_t)addresses[i];
        waiters[i].flags = 0x02;  // FUTEX2_SIZE_U32, shared (no FUTEX2_PRIVATE)
        waiters[i].reserved = 0;
    }
    struct timespec ts;
    struct timespec *tsp = 0;
    if (timeout_ns >= 0) {
        // futex_waitv takes an absolute time on the given clock.
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t ns = (int64_t)ts.tv_nsec + timeout_ns % 1000000000;
        ts.tv_sec += (time_t)(timeout_ns / 1000000000 + ns / 1000000000);
        ts.tv_nsec = (long)(ns % 1000000000);
        tsp = &ts;
    }
    long rc = syscall(SYS_futex_waitv, waiters, (unsigned)count, 0, tsp, CLOCK_MONOTONIC);
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
