// Test-only: counts heap allocations of the process that links it (the test helper), so a test can assert that a
// steady-state round trip allocates nothing. Interposes malloc & co. and forwards to glibc's implementations.
#ifndef CMALLOCCOUNTER_H
#define CMALLOCCOUNTER_H

/// Starts (1) or stops (0) counting.
void cipc_test_count_allocations(int enabled);
/// The number of allocations counted so far.
long cipc_test_allocation_count(void);

#endif
