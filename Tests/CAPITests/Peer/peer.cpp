// A C++17 process on ZeroCopyIPC services through zerocopyipc.hpp and the headers `ipcgen cpp` writes, for the C
// API tests (Tests/CAPITests). Its scenarios speak the protocol of the C peer's and the Swift test helper's
// scenarios of the same name. Compiled by the tests with g++ -std=c++17 -Wall -Wextra -Werror.
//
//   peer-cpp <scenario> --prefix P --root R [--service S] [--count N] [--listeners N] [--ids a,b] [--too-large N]
//
// Prints READY when its ports exist, OK when it finished, and "FAIL <reason>" (exit 1) on any surprise.

#include "Sensors_Sensor.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

namespace {

using namespace std::chrono_literals;

int argument_count = 0;
char **arguments = nullptr;

std::string option(const char *key, const char *fallback) {
    for (int i = 2; i + 1 < argument_count; i++) {
        if (std::strncmp(arguments[i], "--", 2) == 0 && std::strcmp(arguments[i] + 2, key) == 0) return arguments[i + 1];
    }
    return fallback;
}

void say(const std::string &line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

[[noreturn]] void fail(const std::string &reason) {
    say("FAIL " + reason);
    std::exit(1);
}

zerocopyipc::Node make_node(const char *name) {
    zerocopyipc::NodeOptions options;
    options.name = name;
    options.prefix = option("prefix", "");
    options.root_path = option("root", "");
    return zerocopyipc::Node(options);
}

// MARK: - The generated payload, built exactly as the C, Python and Swift peers do

void set_label(zcipc_string_24 &label, const std::string &text) {
    std::memset(&label, 0, sizeof label);
    std::memcpy(label.data, text.data(), text.size());
    label.len = text.size();
}

sensors_Reading sample_reading(int index) {
    sensors_Reading reading;
    std::memset(&reading, 0, sizeof reading);
    reading.id = static_cast<uint32_t>(index);
    reading.status = sensors_Status_running;
    reading.position.x = 1.5;
    reading.position.y = -2.25;
    reading.position.z = static_cast<double>(index);
    set_label(reading.label, "sensor-" + std::to_string(index));
    for (int sample = 0; sample < index % 16; sample++) reading.samples.data[sample] = static_cast<float>(sample) * 0.5f;
    reading.samples.len = static_cast<uint64_t>(index % 16);
    for (int row = 0; row < 3; row++) {
        for (int column = 0; column < 3; column++) {
            reading.calibration[row][column] = row == column ? 1.0f : static_cast<float>(index);
        }
    }
    reading.valid = index % 2 == 0;
    reading.timestamp_ns = static_cast<uint64_t>(index) * 1000000007ull;
    return reading;
}

sensors_Reading answer(const sensors_Reading &reading) {
    sensors_Reading result = reading;
    set_label(result.label, std::string(reinterpret_cast<const char *>(reading.label.data), reading.label.len) + "!");
    std::memset(&result.samples, 0, sizeof result.samples);
    for (uint64_t i = 0; i < reading.samples.len; i++) result.samples.data[i] = reading.samples.data[reading.samples.len - 1 - i];
    result.samples.len = reading.samples.len;
    result.status = sensors_Status_degraded;
    return result;
}

/// The bytes that hold a value: Swift's FixedString leaves the padding between terminator and length undefined.
sensors_Reading normalized(const sensors_Reading &reading) {
    sensors_Reading copy = reading;
    auto *label = reinterpret_cast<uint8_t *>(&copy.label);
    std::size_t start = offsetof(zcipc_string_24, terminator) + 1;
    std::memset(label + start, 0, offsetof(zcipc_string_24, len) - start);
    return copy;
}

void expect_bytes(const char *what, const sensors_Reading &actual, const sensors_Reading &expected) {
    const auto *a = reinterpret_cast<const uint8_t *>(&actual);
    const auto *e = reinterpret_cast<const uint8_t *>(&expected);
    for (std::size_t i = 0; i < sizeof actual; i++) {
        if (a[i] != e[i]) fail(std::string(what) + ": byte " + std::to_string(i) + " differs");
    }
}

using Readings = zerocopyipc::RequestResponseService<zerocopyipc::Fixed<sensors_Reading>,
                                                     zerocopyipc::Fixed<sensors_Reading>>;

// MARK: - Scenarios

/// Sends --count readings and checks that each response is byte for byte the answer C++ computes.
void generated_client() {
    auto node = make_node("cpp-generated-client");
    std::string service_name = option("service", "test/service");
    auto service = Readings::open(node, service_name.c_str());
    auto client = service.client();
    int count = std::atoi(option("count", "1").c_str());
    for (int index = 0; index < count; index++) {
        auto send = [&] {
            auto request = client.loan();
            request.payload() = sample_reading(index);
            return std::move(request).send();
        };
        auto pending = send();
        std::optional<zerocopyipc::ResponseOf<zerocopyipc::Fixed<sensors_Reading>>> response;
        // A server may not be connected yet when the first request goes out: send again until one answers.
        for (int attempt = 0; attempt < 300 && !response; attempt++) {
            response = pending.receive(100ms);
            if (!response && !pending.is_connected()) {
                node.wait(100ms);
                pending = send();
            }
        }
        if (!response) fail("no response");
        if (response->header().number_of_elements != 1) fail("response is not one element");
        expect_bytes("response", normalized(response->payload()), answer(sample_reading(index)));
    }
    sensors_Reading last = answer(sample_reading(count - 1));
    say("LAST " + std::string(reinterpret_cast<const char *>(last.label.data), last.label.len));
    say("OK");
}

/// Prints READY once listening, collects --count ids (each pending id once) and prints IDS a,b,... in order.
void event_listener() {
    auto node = make_node("cpp-event-listener");
    zc_event_options options = zerocopyipc::EventService::default_options();
    options.set_event_id_max_value = true;
    options.event_id_max_value = 63;
    std::string service_name = option("service", "test/service");
    auto service = zerocopyipc::EventService::open(node, service_name.c_str(), ZC_OPEN_OR_CREATE, options);
    auto listener = service.listener();
    say("READY");
    std::size_t count = static_cast<std::size_t>(std::atoi(option("count", "1").c_str()));
    std::string ids;
    std::size_t received = 0;
    for (int attempt = 0; attempt < 600 && received < count; attempt++) {
        if (auto id = listener.wait_one(100ms)) {
            ids += (received++ == 0 ? "" : ",") + std::to_string(*id);
        }
    }
    while (auto id = listener.wait_one(200ms)) ids += "," + std::to_string(*id);
    say("IDS " + ids);
    say("OK");
}

/// Waits for --listeners listeners, notifies each id of --ids once (REACHED n), then --too-large (TOO_LARGE code).
void event_notifier() {
    auto node = make_node("cpp-event-notifier");
    zc_event_options options = zerocopyipc::EventService::default_options();
    options.set_event_id_max_value = true;
    options.event_id_max_value = 63;
    std::string service_name = option("service", "test/service");
    auto service = zerocopyipc::EventService::open(node, service_name.c_str(), ZC_OPEN_OR_CREATE, options);
    auto notifier = service.notifier();
    say("READY");
    uint64_t wanted = static_cast<uint64_t>(std::atoi(option("listeners", "1").c_str())), listeners = 0;
    for (int attempt = 0; attempt < 1200; attempt++) {
        zerocopyipc::check(zc_event_number_of_ports(service.raw(), nullptr, &listeners));
        if (listeners >= wanted) break;
        node.wait(50ms);
    }
    std::stringstream ids(option("ids", "1"));
    for (std::string id; std::getline(ids, id, ',');) say("REACHED " + std::to_string(notifier.notify(std::stoull(id))));
    std::string too_large = option("too-large", "");
    if (!too_large.empty()) {
        try {
            notifier.notify(std::stoull(too_large));
            say("TOO_LARGE none");
        } catch (const zerocopyipc::Error &error) {
            say(std::string("TOO_LARGE ") + error.name());
        }
    }
    say("OK");
}

}  // namespace

int main(int argc, char **argv) {
    argument_count = argc;
    arguments = argv;
    if (argc < 2) {
        std::fprintf(stderr, "usage: peer-cpp <generated-client|event-listener|event-notifier> --prefix P --root R\n");
        return 2;
    }
    std::string scenario = argv[1];
    try {
        if (scenario == "generated-client") generated_client();
        else if (scenario == "event-listener") event_listener();
        else if (scenario == "event-notifier") event_notifier();
        else {
            std::fprintf(stderr, "unknown scenario %s\n", argv[1]);
            return 2;
        }
    } catch (const zerocopyipc::Error &error) {
        fail(std::string(error.name()) + ": " + error.what());
    }
    return 0;
}
