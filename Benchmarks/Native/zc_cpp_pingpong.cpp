// The typed 8-byte request/response round trip of `zc-typed-poll`, written in C++ over the layer `ipcgen cpp` writes
// (zerocopyipc.hpp and BenchPayloads.hpp, over the C API): C++ client (CPU 0) and C++ server (CPU 1), busy-polling.
//
//   zc_cpp_pingpong [--iterations N --warmup N --max-seconds S --smoke]
//   zc_cpp_pingpong --serve NAME                  (the server; spawned by the client)
//
// The same protocol as zc_capi_pingpong.c: loan, sequence number written in place, send, poll the pending response,
// read in place; the objects' destructors give the response and the pending response back. Prints the RESULT line
// of bench_common.h (name zc-cpp-cpp-poll).
#include "bench_common.h"

#include <spawn.h>

#include <cstdio>
#include <string>

#include "BenchPayloads.hpp"

extern char **environ;

namespace {
using Word = zerocopyipc::Fixed<zcipc_bench_Word>;
using Service = zerocopyipc::RequestResponseService<Word, Word>;

zerocopyipc::Node make_node(const char *name) {
    zerocopyipc::NodeOptions options;
    options.name = name;
    options.prefix = getenv("ZCIPC_BENCH_PREFIX") ? getenv("ZCIPC_BENCH_PREFIX") : "zcipc_bench_";
    return zerocopyipc::Node(options);
}

zc_request_response_options service_options() {
    zc_request_response_options options = Service::default_options();
    options.max_clients = 2;
    options.max_active_requests_per_client = 4;
    return options;
}

/// The number of clients (servers = false) or servers now.
uint64_t ports(Service &service, bool servers) {
    uint64_t clients = 0, count = 0;
    zerocopyipc::check(zc_request_response_number_of_ports(service.raw(), &clients, &count));
    return servers ? count : clients;
}

void wait_for(Service &service, bool servers, double seconds) {
    uint64_t deadline = bench_now_ns() + static_cast<uint64_t>(seconds * 1e9);
    while (servers ? ports(service, true) < 1 : ports(service, false) != 0) {
        if (bench_now_ns() > deadline) throw std::runtime_error("timed out waiting for the other side");
        usleep(100);
    }
}

int serve(const char *name) {
    bench_pin(1);
    auto node = make_node("zc-cpp-server");
    auto service = Service::open(node, name, ZC_OPEN, service_options());
    auto server = service.server();
    uint64_t idle = 0;
    for (;;) {
        auto request = server.receive();
        if (!request) {
            if ((++idle & 0xFFFFF) == 0 && ports(service, false) == 0) {
                std::fprintf(stderr, "error: C++ server: the client is gone\n");
                return 3;
            }
            bench_cpu_relax();
            continue;
        }
        const uint64_t sequence = request->payload().value;
        auto response = request->loan();
        response.payload().value = sequence;
        std::move(response).send();
        if (sequence == UINT64_MAX) break;
    }
    wait_for(service, false, 10);  // the client takes the last response and leaves first
    return 0;
}

using Client = zerocopyipc::Client<Word, Word>;

inline void round_trip(Client &client, uint64_t sequence) {
    auto request = client.loan();
    request.payload().value = sequence;
    auto pending = std::move(request).send();
    for (;;) {
        if (auto response = pending.receive()) {
            const uint64_t echoed = response->payload().value;
            if (echoed != sequence) {
                std::fprintf(stderr, "error: response %llu to request %llu\n", (unsigned long long)echoed,
                             (unsigned long long)sequence);
                std::exit(3);
            }
            return;
        }
        bench_cpu_relax();
    }
}

int run_client(int argc, char **argv) {
    bench_options o = bench_parse(argc, argv, "poll");
    auto node = make_node("zc-cpp-client");
    const std::string name = "zcipc-bench/zc-cpp-cpp-poll/" + std::to_string(getpid());
    auto service = Service::open(node, name.c_str(), ZC_OPEN_OR_CREATE, service_options());
    auto client = service.client();

    char self[4096];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) bench_die("readlink /proc/self/exe");
    self[length] = 0;
    std::string serve_option = "--serve";
    char *server_argv[] = {self, serve_option.data(), const_cast<char *>(name.c_str()), nullptr};
    pid_t server = 0;
    int error = posix_spawn(&server, self, nullptr, nullptr, server_argv, environ);
    if (error != 0) { errno = error; bench_die("posix_spawn"); }
    wait_for(service, true, 20);
    bench_pin(0);

    uint64_t sequence = 1, deadline = 0;
    for (uint64_t i = 0; bench_warming(&o, i, &deadline); i++) round_trip(client, sequence++);
    uint64_t *samples = bench_samples(&o);
    uint64_t n = 0;
    const uint64_t stop_at = bench_now_ns() + static_cast<uint64_t>(o.max_seconds * 1e9);
    bench_perf(1);
    for (; n < o.iterations; n++) {
        const uint64_t start = bench_now_ns();
        round_trip(client, sequence++);
        const uint64_t end = bench_now_ns();
        samples[n] = end - start;
        if ((n & 255) == 0 && end > stop_at) { n++; break; }
    }
    bench_perf(0);
    round_trip(client, UINT64_MAX);
    { Client gone = std::move(client); }  // leave, so that the server exits
    bench_reap(server);
    bench_report("zc-cpp-cpp-poll", 8, samples, n);
    std::free(samples);
    return 0;
}
}  // namespace

int main(int argc, char **argv) {
    try {
        if (argc == 3 && std::string(argv[1]) == "--serve") return serve(argv[2]);
        return run_client(argc, argv);
    } catch (const std::exception &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 2;
    }
}
