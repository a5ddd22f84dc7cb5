// Baseline (d): native iceoryx 2.0 request/response on its untyped client/server API (Debian libiceoryx-posh-dev).
//
// Same protocol as the other baselines: the client loans a --size byte request, writes the sequence number into
// its first and last word and sends it; the server takes it, checks both words, loans a --size byte response,
// echoes the words into it, sends it and releases the request; the client takes the response, checks the echo and
// releases it. The payload is never filled or copied (iceoryx is zero-copy); chunks come from RouDi's mempools,
// so the RouDi config must have a pool that fits --size plus the chunk and RPC headers (scripts/roudi.toml).
//
// Modes: poll (both sides busy-poll take()), waitset (both sides block in a WaitSet on HAS_REQUEST/HAS_RESPONSE).
// Needs a running iox-roudi (scripts/run-all.sh starts and stops it).
#include "bench_common.h"

#include "iceoryx_posh/popo/untyped_client.hpp"
#include "iceoryx_posh/popo/untyped_server.hpp"
#include "iceoryx_posh/popo/wait_set.hpp"
#include "iceoryx_hoofs/log/logmanager.hpp"
#include "iceoryx_posh/runtime/posh_runtime.hpp"

#include <string>

namespace {

constexpr uint64_t kStop = ~0ull;

const iox::capro::ServiceDescription service(const bench_options &o) {
    std::string event = "Size" + std::to_string(o.size) + "-" + std::to_string(getpid());
    return {"ZeroCopyIPCBench", "RoundTrip", iox::capro::IdString_t(iox::cxx::TruncateToCapacity, event.c_str())};
}

void init_runtime(const char *role) {
    // iceoryx's default level prints every segment registration; keep stderr for real problems.
    iox::log::LogManager::GetLogManager().SetDefaultLogLevel(iox::log::LogLevel::kWarn);
    std::string name = std::string("zcipc-bench-iox-") + role + "-" + std::to_string(getpid());
    iox::runtime::PoshRuntime::initRuntime(iox::RuntimeName_t(iox::cxx::TruncateToCapacity, name.c_str()));
}

int run_server(const bench_options &o, const iox::capro::ServiceDescription &sd, bool waitset) {
    bench_pin(1);
    init_runtime("server");
    iox::popo::UntypedServer server(sd);
    iox::cxx::optional<iox::popo::WaitSet<>> ws;
    if (waitset) {
        ws.emplace();
        if (ws->attachState(server, iox::popo::ServerState::HAS_REQUEST).has_error()) {
            fprintf(stderr, "error: attachState(server)\n");
            return 4;
        }
    }
    const size_t last = o.size - 8;
    for (;;) {
        auto taken = server.take();
        if (taken.has_error()) {
            if (waitset) (void)ws->wait();
            else bench_cpu_relax();
            continue;
        }
        const void *request = taken.value();
        uint64_t a, b;
        memcpy(&a, request, 8);
        memcpy(&b, static_cast<const unsigned char *>(request) + last, 8);
        if (a != b) { fprintf(stderr, "error: torn request\n"); return 4; }
        auto loaned = server.loan(iox::popo::RequestHeader::fromPayload(request), (uint32_t)o.size, 8);
        if (loaned.has_error()) {
            fprintf(stderr, "error: server loan of %zu bytes failed (mempool too small?)\n", o.size);
            return 4;
        }
        void *response = loaned.value();
        memcpy(response, &a, 8);
        memcpy(static_cast<unsigned char *>(response) + last, &b, 8);
        if (server.send(response).has_error()) { fprintf(stderr, "error: server send\n"); return 4; }
        server.releaseRequest(request);
        if (a == kStop) return 0;
    }
}

int run_client(const bench_options &o, const iox::capro::ServiceDescription &sd, bool waitset, pid_t server_pid) {
    bench_pin(0);
    init_runtime("client");
    iox::popo::UntypedClient client(sd);
    iox::cxx::optional<iox::popo::WaitSet<>> ws;
    if (waitset) {
        ws.emplace();
        if (ws->attachState(client, iox::popo::ClientState::HAS_RESPONSE).has_error()) {
            fprintf(stderr, "error: attachState(client)\n");
            return 4;
        }
    }
    // Do not time anything before the client is connected to the server.
    uint64_t give_up = bench_now_ns() + 20ull * 1000000000ull;
    while (client.getConnectionState() != iox::ConnectionState::CONNECTED) {
        if (bench_now_ns() > give_up) { fprintf(stderr, "error: client not connected after 20 s\n"); return 4; }
        usleep(1000);
    }
    const size_t last = o.size - 8;
    auto round_trip = [&](uint64_t v) -> bool {
        auto loaned = client.loan((uint32_t)o.size, 8);
        if (loaned.has_error()) {
            fprintf(stderr, "error: client loan of %zu bytes failed (mempool too small?)\n", o.size);
            return false;
        }
        void *request = loaned.value();
        memcpy(request, &v, 8);
        memcpy(static_cast<unsigned char *>(request) + last, &v, 8);
        if (client.send(request).has_error()) { fprintf(stderr, "error: client send\n"); return false; }
        for (;;) {
            auto taken = client.take();
            if (taken.has_error()) {
                if (waitset) (void)ws->wait();
                else bench_cpu_relax();
                continue;
            }
            const void *response = taken.value();
            uint64_t a, b;
            memcpy(&a, response, 8);
            memcpy(&b, static_cast<const unsigned char *>(response) + last, 8);
            client.releaseResponse(response);
            if (a != v || b != v) { fprintf(stderr, "error: bad echo\n"); return false; }
            return true;
        }
    };
    uint64_t *samples = bench_samples(&o);
    uint64_t n = 0, deadline = 0, warm_deadline = 0, sequence = 0;
    bool ok = true;
    for (uint64_t i = 0; ok && bench_warming(&o, i, &warm_deadline); i++) ok = round_trip(++sequence);
    bench_perf(1);
    deadline = bench_now_ns() + (uint64_t)(o.max_seconds * 1e9);
    while (ok && n < o.iterations) {
        uint64_t t0 = bench_now_ns();
        ok = round_trip(++sequence);
        uint64_t t1 = bench_now_ns();
        samples[n++] = t1 - t0;
        if ((n & 15) == 0 && t1 > deadline) break;
    }
    bench_perf(0);
    if (!ok || !round_trip(kStop)) { kill(server_pid, SIGKILL); return 4; }
    bench_reap(server_pid);
    bench_report(waitset ? "iox-waitset" : "iox-poll", o.size, samples, n);
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    bench_options o = bench_parse(argc, argv, "poll");
    bool waitset;
    if (!strcmp(o.mode, "poll")) waitset = false;
    else if (!strcmp(o.mode, "waitset")) waitset = true;
    else { fprintf(stderr, "error: unknown mode %s\n", o.mode); return 2; }
    const iox::capro::ServiceDescription sd = service(o);  // names carry the parent's pid: unique per run
    pid_t pid = fork();  // before initRuntime: each process registers with RouDi on its own
    if (pid < 0) bench_die("fork");
    if (pid == 0) exit(run_server(o, sd, waitset));  // exit, not _exit: unregister from RouDi
    return run_client(o, sd, waitset, pid);
}
