// Only what Swift cannot call directly: the futex system call (variadic `syscall`, SYS_futex and FUTEX_* are not
// imported), the cache-line hints and the spin pause (`__builtin_prefetch`, CLDEMOTE and PAUSE have no Swift
// spelling) and the CPUID query for CLDEMOTE. Names are prefixed `cipc_`; no logic lives here.
#ifndef CSHIM_H
#define CSHIM_H

#include <stdint.h>

/// Waits while `*address == expected`, at most `timeout_ns` nanoseconds (negative: forever).
/// Shared (non-private) futex, so it works across processes on a shared mapping.
/// Returns 0 when woken, or -errno (EAGAIN: value differed, ETIMEDOUT, EINTR).
int cipc_futex_wait(uint32_t *address, uint32_t expected, int64_t timeout_ns);

/// Wakes up to `count` waiters on `address`. Returns the number woken, or -errno.
int cipc_futex_wake(uint32_t *address, int32_t count);

/// Waits until any of `count` words (at most 128) no longer holds its expected value or is woken, at most
/// `timeout_ns` nanoseconds (negative: forever). Shared futexes (Linux >= 5.16, `futex_waitv`, syscall 449).
/// Returns the index of the word that woke the caller, or -errno (EAGAIN: a value differed, ETIMEDOUT, EINTR,
/// ENOSYS: the kernel lacks the call).
int cipc_futex_waitv(uint32_t *const *addresses, const uint32_t *expected, int32_t count, int64_t timeout_ns);

/// Asks the CPU to start fetching the cache line at `address` for reading, without waiting for it: a hint that
/// never faults, inlined into the caller.
static inline void cipc_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Asks the CPU to start taking the cache line at `address` for writing (PREFETCHW on x86), without waiting.
static inline void cipc_prefetch_for_writing(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Asks the CPU to move the cache line at `address` from its private caches to the shared last-level cache (x86
/// CLDEMOTE). The encoding is a hint NOP on x86 CPUs without it; nothing on other architectures.
static inline void cipc_demote(const void *address) {
#if defined(__x86_64__)
    __asm__ volatile("cldemote %0" : : "m"(*(const char *)address));
#else
    (void)address;
#endif
}

/// Tells the CPU that the caller spins on memory another CPU will write (x86 PAUSE, arm64 YIELD): the loop backs off
/// instead of flooding the line with loads, and leaves the spin without a pipeline flush when the write arrives.
static inline void cipc_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

/// Whether this CPU implements CLDEMOTE (CPUID leaf 7, ECX bit 25); 0 on other architectures.
int cipc_cpu_has_cldemote(void);

#endif
