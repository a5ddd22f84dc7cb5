// Baseline (c): request/response over a Unix domain stream socket, copying every byte.
//
// The client writes a --size byte request (sequence number in its first and last word), the server reads all of
// it, checks both words, writes a --size byte response carrying the same words, and the client reads all of it and
// checks them. The buffers are filled once before the first round trip.
#include "bench_common.h"

#include <sys/socket.h>

static void write_all(int fd, const unsigned char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; bench_die("write"); }
        p += w; n -= (size_t)w;
    }
}

/// Reads exactly n bytes; returns 0 on a clean end of stream before the first byte.
static int read_all(int fd, unsigned char *p, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0) { if (errno == EINTR) continue; bench_die("read"); }
        if (r == 0) { if (got == 0) return 0; fprintf(stderr, "error: short read\n"); exit(4); }
        got += (size_t)r;
    }
    return 1;
}

int main(int argc, char **argv) {
    bench_options o = bench_parse(argc, argv, "stream");
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) bench_die("socketpair");
    unsigned char *req = malloc(o.size), *resp = malloc(o.size);
    if (!req || !resp) bench_die("malloc");
    memset(req, 0xA5, o.size);
    memset(resp, 0x5A, o.size);
    const size_t last = o.size - 8;

    pid_t pid = fork();
    if (pid < 0) bench_die("fork");
    if (pid == 0) {  // server
        close(sv[0]);
        bench_pin(1);
        while (read_all(sv[1], req, o.size)) {
            uint64_t a, b;
            memcpy(&a, req, 8);
            memcpy(&b, req + last, 8);
            if (a != b) { fprintf(stderr, "error: torn request\n"); _exit(4); }
            memcpy(resp, &a, 8);
            memcpy(resp + last, &b, 8);
            write_all(sv[1], resp, o.size);
        }
        _exit(0);
    }
    close(sv[1]);
    bench_pin(0);
    uint64_t *samples = bench_samples(&o);
    uint64_t n = 0, deadline = 0, warm_deadline = 0, v = 0;
    uint64_t a, b;
#define ROUND_TRIP()                                                                \
    do {                                                                            \
        v++;                                                                        \
        memcpy(req, &v, 8);                                                         \
        memcpy(req + last, &v, 8);                                                  \
        write_all(sv[0], req, o.size);                                              \
        read_all(sv[0], resp, o.size);                                              \
        memcpy(&a, resp, 8);                                                        \
        memcpy(&b, resp + last, 8);                                                 \
        if (a != v || b != v) { fprintf(stderr, "error: bad echo\n"); return 4; }   \
    } while (0)
    for (uint64_t i = 0; bench_warming(&o, i, &warm_deadline); i++) ROUND_TRIP();
    bench_perf(1);
    deadline = bench_now_ns() + (uint64_t)(o.max_seconds * 1e9);
    while (n < o.iterations) {
        uint64_t t0 = bench_now_ns();
        ROUND_TRIP();
        uint64_t t1 = bench_now_ns();
        samples[n++] = t1 - t0;
        if ((n & 15) == 0 && t1 > deadline) break;
    }
#undef ROUND_TRIP
    bench_perf(0);
    close(sv[0]);  // end of stream: the server exits
    bench_reap(pid);
    bench_report("c-uds", o.size, samples, n);
    return 0;
}
