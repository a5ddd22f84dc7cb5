// The typed 8-byte request/response round trip of `zc-typed-poll`, written in C over the C API (zerocopyipc.h) and
// the header `ipcgen c` writes for Definitions/BenchPayloads.ipcdef: busy-polling loan, send, receive, release.
//
//   zc_capi_pingpong --server c|swift [--api loan|copy] [--zcipc-bench PATH] [--iterations N --warmup N ...]
//   zc_capi_pingpong --serve NAME [--api loan|copy]      (the C server; spawned by the client)
//
// The client (CPU 0) creates the service `zcipc-bench/zc-c-<server>-poll/<pid>` with the generated type details of
// `zcipc.bench.Word` and spawns its server (CPU 1): this executable with --serve, or `zcipc-bench zc-typed-poll
// --serve …`, the Swift server of `zc-typed-poll`. Each round trip: loan a request, write the sequence number into
// it in place, send; poll the pending response; read the sequence number in place; drop the response and the pending
// response. The server: poll receive; read; loan a response, write, send; drop the request. Sequence UINT64_MAX stops
// the server. `--api copy` uses the copying calls instead (zc_client_send_copy, zc_pending_response_receive_copy,
// zc_server_receive_copy, zc_active_request_send_copy: three calls per side and round trip instead of six or seven).
// Prints the RESULT line of bench_common.h (name zc-c-c-poll or zc-c-swift-poll, -copy appended for --api copy).
#include "bench_common.h"

#include <spawn.h>

#include "BenchPayloads.h"
#include "zerocopyipc.h"

extern char **environ;

static void zc_die(const char *what, zc_result result) {
    fprintf(stderr, "error: %s: %s: %s\n", what, zc_result_name(result), zc_last_error_message());
    exit(2);
}

#define ZC(call) do { zc_result zc_result_ = (call); if (zc_result_ != ZC_OK) zc_die(#call, zc_result_); } while (0)

/// The node of either side: the benchmarks' prefix, so that leak checks find exactly ours.
static zc_node *make_node(const char *name) {
    zc_node_options options = {0};
    options.name = name;
    options.prefix = getenv("ZCIPC_BENCH_PREFIX") ? getenv("ZCIPC_BENCH_PREFIX") : "zcipc_bench_";
    zc_node *node = NULL;
    ZC(zc_node_create(&options, &node));
    return node;
}

static zc_request_response_options word_service_options(void) {
    zc_request_response_options options = {0};
    options.request = ZC_TYPE_DETAILS(zcipc_bench_Word, ZC_PAYLOAD_FIXED);
    options.response = ZC_TYPE_DETAILS(zcipc_bench_Word, ZC_PAYLOAD_FIXED);
    options.max_clients = 2;
    options.max_active_requests_per_client = 4;
    return options;
}

static void wait_for_ports(zc_request_response_service *service, int servers, uint64_t want, double seconds) {
    uint64_t deadline = bench_now_ns() + (uint64_t)(seconds * 1e9);
    for (;;) {
        uint64_t clients = 0, count = 0;
        ZC(zc_request_response_number_of_ports(service, &clients, &count));
        uint64_t have = servers ? count : clients;
        if (servers ? have >= want : have == want) return;
        if (bench_now_ns() > deadline) {
            fprintf(stderr, "error: timed out waiting for the %s\n", servers ? "server" : "client to leave");
            exit(3);
        }
        usleep(100);
    }
}

// MARK: - Server

static int copy_api;

static int serve(const char *name) {
    bench_pin(1);
    zc_node *node = make_node("zc-capi-server");
    zc_request_response_options options = word_service_options();
    zc_request_response_service *service = NULL;
    ZC(zc_request_response_open(node, name, &options, ZC_OPEN, &service));
    zc_server *server = NULL;
    ZC(zc_server_create(service, NULL, &server));
    uint64_t idle = 0;
    for (;;) {
        zc_active_request *request = NULL;
        zcipc_bench_Word word;
        if (copy_api) ZC(zc_server_receive_copy(server, 0, &word, 1, NULL, &request));
        else ZC(zc_server_receive(server, 0, &request));
        if (request == NULL) {
            if ((++idle & 0xFFFFF) == 0) {
                uint64_t clients = 0;
                ZC(zc_request_response_number_of_ports(service, &clients, NULL));
                if (clients == 0) { fprintf(stderr, "error: C server: the client is gone\n"); return 3; }
            }
            bench_cpu_relax();
            continue;
        }
        if (copy_api) {
            ZC(zc_active_request_send_copy(request, &word, 1));
            ZC(zc_active_request_drop(request));
            if (word.value == UINT64_MAX) break;
            continue;
        }
        const void *payload = NULL;
        ZC(zc_active_request_payload(request, &payload, NULL));
        uint64_t sequence = ((const zcipc_bench_Word *)payload)->value;
        zc_response_mut *response = NULL;
        ZC(zc_active_request_loan(request, 1, &response));
        void *written = NULL;
        ZC(zc_response_mut_payload(response, &written, NULL));
        ((zcipc_bench_Word *)written)->value = sequence;
        ZC(zc_response_mut_send(response));
        ZC(zc_active_request_drop(request));
        if (sequence == UINT64_MAX) break;
    }
    // Stay until the client has taken the last response and left.
    wait_for_ports(service, 0, 0, 10);
    ZC(zc_server_drop(server));
    ZC(zc_request_response_drop(service));
    ZC(zc_node_drop(node));
    return 0;
}

// MARK: - Client

static zc_client *client;

static inline void round_trip_copy(uint64_t sequence) {
    zcipc_bench_Word word = {sequence}, echo = {0};
    zc_pending_response *pending = NULL;
    ZC(zc_client_send_copy(client, &word, 1, &pending));
    bool received = false;
    for (;;) {
        ZC(zc_pending_response_receive_copy(pending, 0, &echo, 1, NULL, &received));
        if (received) break;
        bench_cpu_relax();
    }
    ZC(zc_pending_response_drop(pending));
    if (echo.value != sequence) {
        fprintf(stderr, "error: response %llu to request %llu\n", (unsigned long long)echo.value,
                (unsigned long long)sequence);
        exit(3);
    }
}

static inline void round_trip(uint64_t sequence) {
    if (copy_api) { round_trip_copy(sequence); return; }
    zc_request_mut *request = NULL;
    ZC(zc_client_loan(client, 1, &request));
    void *payload = NULL;
    ZC(zc_request_mut_payload(request, &payload, NULL));
    ((zcipc_bench_Word *)payload)->value = sequence;
    zc_pending_response *pending = NULL;
    ZC(zc_request_mut_send(request, &pending));
    zc_response *response = NULL;
    for (;;) {
        ZC(zc_pending_response_receive(pending, 0, &response));
        if (response != NULL) break;
        bench_cpu_relax();
    }
    const void *received = NULL;
    ZC(zc_response_payload(response, &received, NULL));
    uint64_t echoed = ((const zcipc_bench_Word *)received)->value;
    ZC(zc_response_drop(response));
    ZC(zc_pending_response_drop(pending));
    if (echoed != sequence) {
        fprintf(stderr, "error: response %llu to request %llu\n", (unsigned long long)echoed,
                (unsigned long long)sequence);
        exit(3);
    }
}

static pid_t spawn(char *const argv[]) {
    pid_t pid = 0;
    int error = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
    if (error != 0) { errno = error; bench_die(argv[0]); }
    return pid;
}

int main(int argc, char **argv) {
    const char *peer = "c", *serve_name = NULL, *swift_bench = NULL;
    // Our own options first; the rest are bench_common.h's.
    char *rest[64];
    int count = 0;
    rest[count++] = argv[0];
    for (int i = 1; i < argc && count < 63; i++) {
        if (!strcmp(argv[i], "--server") && i + 1 < argc) peer = argv[++i];
        else if (!strcmp(argv[i], "--serve") && i + 1 < argc) serve_name = argv[++i];
        else if (!strcmp(argv[i], "--zcipc-bench") && i + 1 < argc) swift_bench = argv[++i];
        else if (!strcmp(argv[i], "--api") && i + 1 < argc) copy_api = !strcmp(argv[++i], "copy");
        else rest[count++] = argv[i];
    }
    rest[count] = NULL;
    if (serve_name) return serve(serve_name);
    bench_options o = bench_parse(count, rest, "poll");
    int swift = !strcmp(peer, "swift");
    if (!swift && strcmp(peer, "c")) { fprintf(stderr, "error: --server c|swift, not %s\n", peer); return 2; }
    if (swift && !swift_bench) { fprintf(stderr, "error: --server swift needs --zcipc-bench PATH\n"); return 2; }
    const char *result_name = copy_api ? (swift ? "zc-c-swift-poll-copy" : "zc-c-c-poll-copy")
                                       : (swift ? "zc-c-swift-poll" : "zc-c-c-poll");

    zc_node *node = make_node("zc-capi-client");
    char name[256];
    snprintf(name, sizeof name, "zcipc-bench/%s/%d", result_name, (int)getpid());
    zc_request_response_options options = word_service_options();
    zc_request_response_service *service = NULL;
    ZC(zc_request_response_open(node, name, &options, ZC_OPEN_OR_CREATE, &service));
    ZC(zc_client_create(service, NULL, &client));

    char self[4096];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) bench_die("readlink /proc/self/exe");
    self[length] = 0;
    char *c_server[] = {self, "--serve", name, "--api", copy_api ? "copy" : "loan", NULL};
    char *swift_server[] = {(char *)swift_bench, "zc-typed-poll", "--serve", name, "--mode", "poll",
                            "--size", "8", "--fill", "ends", NULL};
    pid_t server = spawn(swift ? swift_server : c_server);
    wait_for_ports(service, 1, 1, 20);
    bench_pin(0);

    uint64_t sequence = 1, deadline = 0;
    for (uint64_t i = 0; bench_warming(&o, i, &deadline); i++) round_trip(sequence++);
    uint64_t *samples = bench_samples(&o);
    uint64_t n = 0;
    uint64_t stop_at = bench_now_ns() + (uint64_t)(o.max_seconds * 1e9);
    bench_perf(1);
    for (; n < o.iterations; n++) {
        uint64_t start = bench_now_ns();
        round_trip(sequence++);
        uint64_t end = bench_now_ns();
        samples[n] = end - start;
        if ((n & 255) == 0 && end > stop_at) { n++; break; }
    }
    bench_perf(0);
    round_trip(UINT64_MAX);
    ZC(zc_client_drop(client));
    bench_reap(server);
    ZC(zc_request_response_drop(service));
    ZC(zc_node_drop(node));
    bench_report(result_name, 8, samples, n);
    free(samples);
    return 0;
}
