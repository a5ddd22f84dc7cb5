// The subscriber of the publish_subscribe example, in C++17: once a second it takes every `TransmissionData` the
// publishers sent and prints it, read in place in their shared memory, exactly as the Swift subscriber does, so it
// receives what the Swift publisher (`swift run publish_subscribe_publisher`) sends. The types come from the
// headers `ipcgen cpp` generates from Definitions/TransmissionData.ipcdef; build and run with ./run.sh; Ctrl-C
// ends it cleanly.

#include "TransmissionData.hpp"

#include <charconv>
#include <cstdio>

namespace {

/// The publish-subscribe service of the Swift publisher: the request_response example's name under another
/// messaging pattern, which makes it another service.
using Service = zerocopyipc::PublishSubscribeService<zerocopyipc::Fixed<TransmissionData>>;

/// A double in its shortest form that reads back the same, as Swift prints it.
std::string shortest(double value) {
    char buffer[32];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

}  // namespace

int main() {
    try {
        zerocopyipc::NodeOptions options;
        options.name = "publish_subscribe_cpp_subscriber";
        zerocopyipc::Node node(options);
        // RAII: the subscriber, service and node give their shared memory back when they go out of scope.
        Service service = Service::open(node, "My/Funk/ServiceName");
        auto subscriber = service.subscriber();
        std::printf("Subscriber ready to receive data!\n");
        std::fflush(stdout);

        // wait() sleeps between looks and returns false on SIGINT/SIGTERM, which ends the loop.
        while (node.wait(std::chrono::seconds(1))) {
            // Each sample gives its memory back to the publisher when it goes out of scope.
            while (auto sample = subscriber.receive()) {
                const TransmissionData &data = sample->payload();
                zc_publish_header header = sample->header();
                std::printf("received: TransmissionData(x: %d, y: %d, funky: %s) (publisher %016llx, sample %llu)\n",
                            data.x, data.y, shortest(data.funky).c_str(), (unsigned long long)header.publisher_id,
                            (unsigned long long)header.sequence_number);
            }
            std::fflush(stdout);
        }
        std::printf("exit\n");
        return 0;
    } catch (const zerocopyipc::Error &error) {
        std::fprintf(stderr, "error: %s: %s\n", error.name(), error.what());
        return 1;
    }
}
