// Baseline (d, publish-subscribe): native iceoryx 2.0 publish-subscribe ping-pong on its untyped publisher and
// subscriber (Debian libiceoryx-posh-dev), over two topics as in iceoryx2's benchmark: process A publishes on "a2b"
// and subscribes to "b2a", process B the reverse.
//
// Same protocol as the other baselines: A loans a --size byte sample, writes the sequence number into its first and
// last word and publishes it; B takes it, checks both words, loans a --size byte sample, echoes the words into it,
// publishes it and releases what it took; A takes the echo, checks it and releases it. The payload is never filled or
// copied; chunks come from RouDi's mempools (scripts/roudi.toml). Both sides busy-poll take(). The RESULT line is the
// round trip (iox-pubsub-poll); the report halves it into one-way latency.
//
// Subscriber queue capacity 1, publisher history 0 (as the ZeroCopyIPC ping-pong's services: buffer 1, no history).
// Needs a running iox-roudi (scripts/run-all.sh starts and stops it).
#include "bench_common.h"

#include "iceoryx_hoofs/log/logmanager.hpp"
#include "iceoryx_posh/popo/untyped_publisher.hpp"
#include "iceoryx_posh/popo/untyped_subscriber.hpp"
#include "iceoryx_posh/runtime/posh_runtime.hpp"

#include <string>

namespace {

constexpr uint64_t kStop = ~0ull;

iox::capro::ServiceDescription topic(const bench_options &o, pid_t parent, const char *direction) {
    std::string instance = "Size" + std::to_string(o.size) + "-" + std::to_string(parent);
    return {"ZeroCopyIPCBenchPubSub", iox::capro::IdString_t(iox::cxx::TruncateToCapacity, instance.c_str()),
            iox::capro::IdString_t(iox::cxx::TruncateToCapacity, direction)};
}

void init_runtime(const char *role) {
    iox::log::LogManager::GetLogManager().SetDefaultLogLevel(iox::log::LogLevel::kWarn);
    std::string name = std::string("zcipc-bench-iox-ps-") + role + "-" + std::to_string(getpid());
    iox::runtime::PoshRuntime::initRuntime(iox::RuntimeName_t(iox::cxx::TruncateToCapacity, name.c_str()));
}

iox::popo::SubscriberOptions subscriber_options() {
    iox::popo::SubscriberOptions options;
    options.queueCapacity = 1;
    return options;
}

/// Waits until `publisher` has a subscriber and `subscriber` is subscribed (discovery runs through RouDi).
bool wait_connected(iox::popo::UntypedPublisher &publisher, iox::popo::UntypedSubscriber &subscriber) {
    uint64_t give_up = bench_now_ns() + 20ull * 1000000000ull;
    while (!publisher.hasSubscribers() ||
           subscriber.getSubscriptionState() != iox::SubscribeState::SUBSCRIBED) {
        if (bench_now_ns() > give_up) { fprintf(stderr, "error: not connected after 20 s\n"); return false; }
        usleep(1000);
    }
    return true;
}

/// Loans a --size sample, writes `v` into its first and last word, publishes it.
bool send(iox::popo::UntypedPublisher &publisher, const bench_options &o, uint64_t v) {
    auto loaned = publisher.loan((uint32_t)o.size, 8);
    if (loaned.has_error()) {
        fprintf(stderr, "error: loan of %zu bytes failed (mempool too small?)\n", o.size);
        return false;
    }
    void *sample = loaned.value();
    memcpy(sample, &v, 8);
    memcpy(static_cast<unsigned char *>(sample) + o.size - 8, &v, 8);
    publisher.publish(sample);
    return true;
}

/// Busy-polls `subscriber`; returns the sample's first and last word in *a, *b and releases it.
void receive(iox::popo::UntypedSubscriber &subscriber, const bench_options &o, uint64_t *a, uint64_t *b) {
    for (;;) {
        auto taken = subscriber.take();
        if (taken.has_error()) { bench_cpu_relax(); continue; }
        const void *sample = taken.value();
        memcpy(a, sample, 8);
        memcpy(b, static_cast<const unsigned char *>(sample) + o.size - 8, 8);
        subscriber.release(sample);
        return;
    }
}

int run_b(const bench_options &o, pid_t parent) {
    bench_pin(1);
    init_runtime("b");
    iox::popo::UntypedSubscriber subscriber(topic(o, parent, "a2b"), subscriber_options());
    iox::popo::UntypedPublisher publisher(topic(o, parent, "b2a"));
    if (!wait_connected(publisher, subscriber)) return 4;
    for (;;) {
        uint64_t a, b;
        receive(subscriber, o, &a, &b);
        if (a != b) { fprintf(stderr, "error: torn sample\n"); return 4; }
        if (!send(publisher, o, a)) return 4;
        if (a == kStop) break;
    }
    // Stay until A has taken the last echo and unsubscribed.
    uint64_t give_up = bench_now_ns() + 10ull * 1000000000ull;
    while (publisher.hasSubscribers() && bench_now_ns() < give_up) usleep(1000);
    return 0;
}

int run_a(const bench_options &o, pid_t server_pid) {
    bench_pin(0);
    init_runtime("a");
    iox::cxx::optional<iox::popo::UntypedPublisher> publisher;
    iox::cxx::optional<iox::popo::UntypedSubscriber> subscriber;
    publisher.emplace(topic(o, getpid(), "a2b"));
    subscriber.emplace(topic(o, getpid(), "b2a"), subscriber_options());
    if (!wait_connected(*publisher, *subscriber)) { kill(server_pid, SIGKILL); return 4; }
    auto round_trip = [&](uint64_t v) -> bool {
        if (!send(*publisher, o, v)) return false;
        uint64_t a, b;
        receive(*subscriber, o, &a, &b);
        if (a != v || b != v) { fprintf(stderr, "error: bad echo\n"); return false; }
        return true;
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
    subscriber.reset();  // unsubscribe: B waits for this before it exits
    bench_reap(server_pid);
    bench_report("iox-pubsub-poll", o.size, samples, n);
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    bench_options o = bench_parse(argc, argv, "poll");
    if (strcmp(o.mode, "poll") != 0) { fprintf(stderr, "error: unknown mode %s (poll only)\n", o.mode); return 2; }
    pid_t parent = getpid();
    pid_t pid = fork();  // before initRuntime: each process registers with RouDi on its own
    if (pid < 0) bench_die("fork");
    if (pid == 0) exit(run_b(o, parent));  // exit, not _exit: unregister from RouDi
    return run_a(o, pid);
}
