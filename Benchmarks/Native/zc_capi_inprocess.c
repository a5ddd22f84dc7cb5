// The C API's software per round trip: client and server of one service in one thread (the C counterpart of
// `zc-typed-inprocess`), the same calls as zc_capi_pingpong.c without a second process, so every line stays in one
// cache and nothing spins. Under `valgrind --tool=callgrind` the instructions of N and 2N round trips differ by
// exactly N round trips' worth (scripts/count-instructions.sh), a number that load on the machine does not move.
//
//   zc_capi_inprocess [--iterations N --warmup N --max-seconds S --smoke]      RESULT name=zc-c-inprocess
#include "bench_common.h"

#include "BenchPayloads.h"
#include "zerocopyipc.h"

static void zc_die(const char *what, zc_result result) {
    fprintf(stderr, "error: %s: %s: %s\n", what, zc_result_name(result), zc_last_error_message());
    exit(2);
}

#define ZC(call) do { zc_result zc_result_ = (call); if (zc_result_ != ZC_OK) zc_die(#call, zc_result_); } while (0)

static zc_client *client;
static zc_server *server;

__attribute__((noinline)) static void round_trip(uint64_t sequence) {
    zc_request_mut *request = NULL;
    ZC(zc_client_loan(client, 1, &request));
    void *payload = NULL;
    ZC(zc_request_mut_payload(request, &payload, NULL));
    ((zcipc_bench_Word *)payload)->value = sequence;
    zc_pending_response *pending = NULL;
    ZC(zc_request_mut_send(request, &pending));

    zc_active_request *active = NULL;
    ZC(zc_server_receive(server, 0, &active));
    if (active == NULL) { fprintf(stderr, "error: no request\n"); exit(3); }
    const void *read = NULL;
    ZC(zc_active_request_payload(active, &read, NULL));
    zc_response_mut *answer = NULL;
    ZC(zc_active_request_loan(active, 1, &answer));
    void *written = NULL;
    ZC(zc_response_mut_payload(answer, &written, NULL));
    ((zcipc_bench_Word *)written)->value = ((const zcipc_bench_Word *)read)->value;
    ZC(zc_response_mut_send(answer));
    ZC(zc_active_request_drop(active));

    zc_response *response = NULL;
    ZC(zc_pending_response_receive(pending, 0, &response));
    if (response == NULL) { fprintf(stderr, "error: no response\n"); exit(3); }
    const void *received = NULL;
    ZC(zc_response_payload(response, &received, NULL));
    uint64_t echoed = ((const zcipc_bench_Word *)received)->value;
    ZC(zc_response_drop(response));
    ZC(zc_pending_response_drop(pending));
    if (echoed != sequence) { fprintf(stderr, "error: response %llu to %llu\n", (unsigned long long)echoed,
                                      (unsigned long long)sequence); exit(3); }
}

int main(int argc, char **argv) {
    bench_options o = bench_parse(argc, argv, "poll");
    zc_node_options node_options = {0};
    node_options.name = "zc-capi-inprocess";
    node_options.prefix = getenv("ZCIPC_BENCH_PREFIX") ? getenv("ZCIPC_BENCH_PREFIX") : "zcipc_bench_";
    zc_node *node = NULL;
    ZC(zc_node_create(&node_options, &node));
    char name[128];
    snprintf(name, sizeof name, "zcipc-bench/zc-c-inprocess/%d", (int)getpid());
    zc_request_response_options options = {0};
    options.request = ZC_TYPE_DETAILS(zcipc_bench_Word, ZC_PAYLOAD_FIXED);
    options.response = ZC_TYPE_DETAILS(zcipc_bench_Word, ZC_PAYLOAD_FIXED);
    zc_request_response_service *service = NULL;
    ZC(zc_request_response_open(node, name, &options, ZC_CREATE, &service));
    ZC(zc_client_create(service, NULL, &client));
    ZC(zc_server_create(service, NULL, &server));
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
    ZC(zc_server_drop(server));
    ZC(zc_client_drop(client));
    ZC(zc_request_response_drop(service));
    ZC(zc_node_drop(node));
    bench_report("zc-c-inprocess", 8, samples, n);
    free(samples);
    return 0;
}
