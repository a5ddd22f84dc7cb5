// The WaitSet's wake mechanism, measured against the alternative (docs/waitset.md): two processes, a "sender" on
// CPU 0 that publishes to one of N ports and a "WaitSet" on CPU 1 that sleeps until some port has data, finds it,
// and answers on a reply word the sender sleeps on. The round trip is timed by the sender.
//
//   waitv     the WaitSet sleeps in futex_waitv over the N ports' own wake words; before sleeping it adds itself to
//             every port's waiter count and takes the words' values (what ZeroCopyIPC does);
//   one-word  the WaitSet sleeps in FUTEX_WAIT on one word of its own, which every sender bumps and wakes (a
//             per-WaitSet wake word: the sender must know the WaitSet, the WaitSet does O(1) work per sleep).
//
// Both always sleep (no spin), so the numbers are the cost of a futex wake and sleep plus the mechanism's own work.
//
//   gcc -O2 -o waitset_wake waitset_wake.c && ./waitset_wake [round trips]
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PORTS 128

struct futex_waitv_arg { uint64_t val, uaddr; uint32_t flags, reserved; };

struct port { _Atomic uint32_t wake, waiting, data; char pad[52]; };

struct shared {
    struct port ports[MAX_PORTS];
    _Atomic uint32_t waitset_word, waitset_waiting;
    char pad1[56];
    _Atomic uint32_t reply, reply_waiting;
    _Atomic uint32_t stop;
};

static long futex(void *addr, int op, uint32_t val, const struct timespec *ts) {
    return syscall(SYS_futex, addr, op, val, ts, 0, 0);
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int find_ready(struct shared *s, int n) {
    for (int i = 0; i < n; i++)
        if (atomic_load(&s->ports[i].data)) return i;
    return -1;
}

static void waitset_side(struct shared *s, int n, int waitv) {
    struct futex_waitv_arg args[MAX_PORTS];
    while (!atomic_load(&s->stop)) {
        int ready = find_ready(s, n);
        if (ready < 0) {
            if (waitv) {
                for (int i = 0; i < n; i++) atomic_fetch_add(&s->ports[i].waiting, 1);
                for (int i = 0; i < n; i++) {
                    args[i].val = atomic_load(&s->ports[i].wake);
                    args[i].uaddr = (uint64_t)(uintptr_t)&s->ports[i].wake;
                    args[i].flags = 0x02;
                    args[i].reserved = 0;
                }
                if (find_ready(s, n) < 0 && !atomic_load(&s->stop)) syscall(449, args, n, 0, NULL, CLOCK_MONOTONIC);
                for (int i = 0; i < n; i++) atomic_fetch_sub(&s->ports[i].waiting, 1);
            } else {
                atomic_fetch_add(&s->waitset_waiting, 1);
                uint32_t seen = atomic_load(&s->waitset_word);
                if (find_ready(s, n) < 0 && !atomic_load(&s->stop)) futex(&s->waitset_word, FUTEX_WAIT, seen, NULL);
                atomic_fetch_sub(&s->waitset_waiting, 1);
            }
            continue;
        }
        atomic_store(&s->ports[ready].data, 0);
        atomic_fetch_add(&s->reply, 1);
        if (atomic_load(&s->reply_waiting)) futex(&s->reply, FUTEX_WAKE, 1, NULL);
    }
}

static int compare(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void measure(int n, int waitv, int rounds) {
    struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t child = fork();
    if (child == 0) {
        pin(1);
        waitset_side(s, n, waitv);
        _exit(0);
    }
    pin(0);
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)rounds);
    int warmup = rounds / 10;
    for (int r = -warmup; r < rounds; r++) {
        struct port *p = &s->ports[(r + warmup) % n];
        uint32_t before = atomic_load(&s->reply);
        uint64_t start = now_ns();
        atomic_store(&p->data, 1);
        atomic_thread_fence(memory_order_seq_cst);
        if (waitv) {
            if (atomic_load(&p->waiting)) {
                atomic_fetch_add(&p->wake, 1);
                futex(&p->wake, FUTEX_WAKE, 1, NULL);
            }
        } else if (atomic_load(&s->waitset_waiting)) {
            atomic_fetch_add(&s->waitset_word, 1);
            futex(&s->waitset_word, FUTEX_WAKE, 1, NULL);
        }
        atomic_fetch_add(&s->reply_waiting, 1);
        while (atomic_load(&s->reply) == before) futex(&s->reply, FUTEX_WAIT, before, NULL);
        atomic_fetch_sub(&s->reply_waiting, 1);
        if (r >= 0) samples[r] = now_ns() - start;
    }
    atomic_store(&s->stop, 1);
    atomic_fetch_add(&s->ports[0].wake, 1);
    futex(&s->ports[0].wake, FUTEX_WAKE, 1, NULL);
    atomic_fetch_add(&s->waitset_word, 1);
    futex(&s->waitset_word, FUTEX_WAKE, 1, NULL);
    waitpid(child, NULL, 0);
    qsort(samples, (size_t)rounds, sizeof *samples, compare);
    printf("RESULT name=waitset-wake-%s ports=%d n=%d median_ns=%llu p99_ns=%llu\n", waitv ? "waitv" : "one-word", n,
           rounds, (unsigned long long)samples[rounds / 2], (unsigned long long)samples[rounds * 99 / 100]);
    fflush(stdout);
    free(samples);
    munmap(s, sizeof *s);
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 20000;
    int sizes[] = {1, 16, 128};
    for (int i = 0; i < 3; i++) {
        measure(sizes[i], 1, rounds);
        measure(sizes[i], 0, rounds);
    }
    return 0;
}
