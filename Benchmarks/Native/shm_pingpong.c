// Baselines (a) and (b): two processes ping-pong through shared memory.
//
// Modes:
//   spin-line   the physical floor: the 8-byte value itself travels in one cache line per direction, spinning.
//   spin        request and response buffers of --size bytes in shared memory; the client writes the sequence
//               number into the first and last word of the request, the server checks both and echoes them into
//               the response, the client checks the echo (acknowledge). Nothing else of the payload is touched:
//               this is what a zero-copy transport must do, and the floor it must be compared with.
//   spin-indexed the floor of a descriptor-queue design (ours, iceoryx): the 8-byte value travels in one of 16
//               payload lines per direction, and the spun-on line carries only which one (the sequence number);
//               the receiver finds the payload line through the value it read, so two lines move per direction,
//               the second one only after the first arrived.
//   futex-line  like spin-line, but the waiting side spins for --spin-ns and then sleeps in FUTEX_WAIT; the
//   futex       signalling side calls FUTEX_WAKE only if the peer has set its waiter flag.
//
// The buffers are filled once before the first round trip (filling is excluded from the timings).
#include "bench_common.h"

#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>

typedef struct {
    _Alignas(128) _Atomic uint32_t seq;  // futex word: the latest sequence number sent in this direction
    _Atomic uint32_t waiting;            // the receiver of this direction sleeps (or is about to)
    _Atomic uint32_t stop;               // request direction only: the client is done
    uint32_t value_pad;
    uint64_t value;                      // the 8-byte value in the *-line modes
} channel;

typedef struct {
    channel request;
    channel response;
} control;

static int use_futex;
static long spin_ns;

static void futex_wait(_Atomic uint32_t *word, uint32_t expected) {
    // Not FUTEX_PRIVATE_FLAG: the word lives in a mapping shared by two processes.
    long r = syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT, expected, NULL, NULL, 0);
    if (r != 0 && errno != EAGAIN && errno != EINTR) bench_die("FUTEX_WAIT");
}

static void futex_wake(_Atomic uint32_t *word) {
    if (syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE, 1, NULL, NULL, 0) < 0) bench_die("FUTEX_WAKE");
}

/// Waits until `ch->seq` differs from `old` and returns the new value.
static uint32_t wait_for(channel *ch, uint32_t old) {
    uint32_t v;
    if (!use_futex) {
        while ((v = atomic_load_explicit(&ch->seq, memory_order_acquire)) == old) bench_cpu_relax();
        return v;
    }
    if (spin_ns > 0) {
        uint64_t deadline = bench_now_ns() + (uint64_t)spin_ns;
        for (unsigned k = 1;; k++) {
            if ((v = atomic_load_explicit(&ch->seq, memory_order_acquire)) != old) return v;
            bench_cpu_relax();
            if ((k & 63) == 0 && bench_now_ns() > deadline) break;
        }
    }
    for (;;) {
        // Dekker-style: announce the waiter, then re-check; the sender stores seq, then reads the flag.
        atomic_store(&ch->waiting, 1);
        if ((v = atomic_load(&ch->seq)) != old) break;
        futex_wait(&ch->seq, old);
        if ((v = atomic_load(&ch->seq)) != old) break;
    }
    atomic_store_explicit(&ch->waiting, 0, memory_order_relaxed);
    return v;
}

static void signal_peer(channel *ch, uint32_t v) {
    if (!use_futex) {
        atomic_store_explicit(&ch->seq, v, memory_order_release);
        return;
    }
    atomic_store(&ch->seq, v);
    if (atomic_load(&ch->waiting)) futex_wake(&ch->seq);
}

int main(int argc, char **argv) {
    bench_options o = bench_parse(argc, argv, "spin");
    int line = 0, indexed = 0;
    if (!strcmp(o.mode, "spin")) { use_futex = 0; }
    else if (!strcmp(o.mode, "spin-line")) { use_futex = 0; line = 1; }
    else if (!strcmp(o.mode, "spin-indexed")) { use_futex = 0; indexed = 1; o.size = 8; }
    else if (!strcmp(o.mode, "futex")) { use_futex = 1; }
    else if (!strcmp(o.mode, "futex-line")) { use_futex = 1; line = 1; }
    else { fprintf(stderr, "error: unknown mode %s\n", o.mode); return 2; }
    spin_ns = o.spin_ns;
    if (line) o.size = 8;

    size_t page = 4096, span = (o.size + page - 1) / page * page;
    if (indexed) span = page;  // 16 payload lines of 64 bytes per direction
    size_t total = page + (line ? 0 : 2 * span);
    // MAP_SHARED | MAP_ANONYMOUS: shmem shared with the forked server; nothing to clean up in /dev/shm.
    unsigned char *base = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) bench_die("mmap");
    control *c = (control *)base;
    unsigned char *req = base + page, *resp = base + page + span;
    if (!line) { memset(req, 0xA5, o.size); memset(resp, 0x5A, o.size); }
    const size_t last = o.size - 8;
#define SLOT(buffer, sequence) ((buffer) + ((sequence) % 16) * 64)

    pid_t pid = fork();
    if (pid < 0) bench_die("fork");
    if (pid == 0) {  // server
        bench_pin(1);
        uint32_t seen = 0;
        for (;;) {
            seen = wait_for(&c->request, seen);
            uint64_t a, b;
            if (line) {
                a = b = c->request.value;
                c->response.value = a;
            } else if (indexed) {
                memcpy(&a, SLOT(req, seen), 8);
                b = a;
                memcpy(SLOT(resp, seen), &a, 8);
            } else {
                memcpy(&a, req, 8);
                memcpy(&b, req + last, 8);
                memcpy(resp, &a, 8);
                memcpy(resp + last, &b, 8);
            }
            if (a != seen || b != seen) { fprintf(stderr, "error: server saw %llu, expected %u\n",
                                                  (unsigned long long)a, seen); _exit(4); }
            int stop = atomic_load_explicit(&c->request.stop, memory_order_relaxed);
            signal_peer(&c->response, seen);
            if (stop) _exit(0);
        }
    }

    bench_pin(0);
    uint64_t *samples = bench_samples(&o);
    uint64_t n = 0, deadline = 0, batch = o.batch ? o.batch : 1;
    uint32_t seq = 0;
    // One round trip: returns 0 on a bad echo.
#define ROUND_TRIP(final)                                                                    \
    do {                                                                                     \
        seq++;                                                                               \
        uint64_t v = seq, a, b;                                                              \
        if (line) c->request.value = v;                                                      \
        else if (indexed) memcpy(SLOT(req, seq), &v, 8);                                     \
        else { memcpy(req, &v, 8); memcpy(req + last, &v, 8); }                              \
        if (final) atomic_store_explicit(&c->request.stop, 1, memory_order_relaxed);        \
        signal_peer(&c->request, seq);                                                       \
        uint32_t got = wait_for(&c->response, seq - 1);                                      \
        if (line) a = b = c->response.value;                                                 \
        else if (indexed) { memcpy(&a, SLOT(resp, got), 8); b = a; }                         \
        else { memcpy(&a, resp, 8); memcpy(&b, resp + last, 8); }                           \
        if (got != seq || a != v || b != v) { fprintf(stderr, "error: bad echo\n"); return 4; } \
    } while (0)
    uint64_t warm_deadline = 0;
    for (uint64_t i = 0; bench_warming(&o, i, &warm_deadline); i++) ROUND_TRIP(0);
    bench_perf(1);
    deadline = bench_now_ns() + (uint64_t)(o.max_seconds * 1e9);
    for (n = 0; n < o.iterations;) {
        uint64_t t0 = bench_now_ns();
        for (uint64_t k = 0; k < batch; k++) ROUND_TRIP(0);
        uint64_t t1 = bench_now_ns();
        samples[n++] = (t1 - t0) / batch;
        if ((n & 15) == 0 && t1 > deadline) break;
    }
    bench_perf(0);
    ROUND_TRIP(1);  // untimed: tells the server to exit
#undef ROUND_TRIP
    bench_reap(pid);

    char name[96];
    if (use_futex) snprintf(name, sizeof name, "c-futex%s-spin%ldns", line ? "-line" : "", spin_ns);
    else snprintf(name, sizeof name, "c-spin%s", line ? "-line" : indexed ? "-indexed" : "");
    if (batch > 1) snprintf(name + strlen(name), sizeof name - strlen(name), "-batch%llu", (unsigned long long)batch);
    bench_report(name, o.size, samples, n);
    munmap(base, total);
    return 0;
}
