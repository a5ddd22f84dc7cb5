// Only what Swift cannot call directly: the futex system call (variadic `syscall`, SYS_futex and FUTEX_* are not
// imported) and the prefetch hint (`__builtin_prefetch` has no Swift spelling). Names are prefixed `cipc_`; no logic
// lives here.
#ifndef CSHIM_H
#define CSHIM_H

#include <stdint.h>

/// Waits while `*address == expected`, at most `timeout_ns` nanoseconds (negative: forever).
/// Shared (non-private) futex, so it works across processes on a shared mapping.
/// Returns 0 when woken, or -errno (EAGAIN: value differed, ETIMEDOUT, EINTR).
int cipc_futex_wait(uint32_t *address, uint32_t expected, int64_t timeout_ns);

/// Wakes up to `count` waiters on `address`. Returns the number woken, or -errno.
int cipc_futex_wake(uint32_t *address, int32_t count);

/// Asks the CPU to start fetching the cache line at `address` for reading, without waiting for it: a hint that
/// never faults, inlined into the caller.
static inline void cipc_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
