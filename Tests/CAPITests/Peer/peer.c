// A C process on ZeroCopyIPC services, for the C API tests (Tests/CAPITests). Each scenario speaks the protocol of
// the Swift test helper's scenario of the same name (Tests/Helpers/zerocopy-test-helper), so any pairing of C and
// Swift processes can be tested. Compiled by the tests with gcc -std=c11 -Wall -Werror.
//
//   peer <scenario> --prefix P --root R [--service S] [--count N] [--scale N]
//
// Prints READY when its ports exist, OK when it finished, and "FAIL <reason>" (exit 1) on any surprise.

#include "zerocopyipc.h"
#include "Sensors_Sensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *option(int argc, char **argv, const char *key, const char *fallback) {
    for (int i = 2; i + 1 < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, key) == 0) return argv[i + 1];
    }
    return fallback;
}

static void say(const char *line) {
    printf("%s\n", line);
    fflush(stdout);
}

static void fail(const char *what, zc_result result) {
    printf("FAIL %s: %s: %s\n", what, zc_result_name(result), zc_last_error_message());
    fflush(stdout);
    exit(1);
}

#define CHECK(call) do { zc_result check_result = (call); if (check_result != ZC_OK) fail(#call, check_result); } while (0)

static const uint64_t SECOND = 1000000000ull;

// MARK: - The generated payload (Definitions/Sensors/Sensor.ipcdef), built exactly as the Swift helper builds it

static void set_label(zcipc_string_24 *label, const char *text) {
    size_t length = strlen(text);
    memset(label, 0, sizeof *label);
    memcpy(label->data, text, length);
    label->len = length;
}

static sensors_Reading sample_reading(int index) {
    sensors_Reading reading;
    memset(&reading, 0, sizeof reading);
    reading.id = (uint32_t)index;
    reading.status = sensors_Status_running;
    reading.position.x = 1.5;
    reading.position.y = -2.25;
    reading.position.z = (double)index;
    char label[32];
    snprintf(label, sizeof label, "sensor-%d", index);
    set_label(&reading.label, label);
    for (int sample = 0; sample < index % 16; sample++) reading.samples.data[sample] = (float)sample * 0.5f;
    reading.samples.len = (uint64_t)(index % 16);
    for (int row = 0; row < 3; row++) {
        for (int column = 0; column < 3; column++) reading.calibration[row][column] = row == column ? 1 : (float)index;
    }
    reading.valid = index % 2 == 0;
    reading.timestamp_ns = (uint64_t)index * 1000000007ull;
    return reading;
}

static sensors_Reading answer(const sensors_Reading *reading) {
    sensors_Reading result = *reading;
    char label[32];
    snprintf(label, sizeof label, "%.*s!", (int)reading->label.len, (const char *)reading->label.data);
    set_label(&result.label, label);
    memset(&result.samples, 0, sizeof result.samples);
    for (uint64_t i = 0; i < reading->samples.len; i++) {
        result.samples.data[i] = reading->samples.data[reading->samples.len - 1 - i];
    }
    result.samples.len = reading->samples.len;
    result.status = sensors_Status_degraded;
    return result;
}

/// The reading with the bytes that hold no value zeroed: Swift's `FixedString<N>` leaves the implicit padding
/// between its terminator and its length undefined (the generated structs' own padding is explicit and zero).
static sensors_Reading normalized(const sensors_Reading *reading) {
    sensors_Reading copy = *reading;
    uint8_t *label = (uint8_t *)&copy.label;
    size_t start = offsetof(zcipc_string_24, terminator) + 1;
    memset(label + start, 0, offsetof(zcipc_string_24, len) - start);
    return copy;
}

/// Fails naming the first byte where `actual` and `expected` differ.
static void expect_bytes(const char *what, const void *actual, const void *expected, size_t size) {
    for (size_t i = 0; i < size; i++) {
        uint8_t a = ((const uint8_t *)actual)[i], e = ((const uint8_t *)expected)[i];
        if (a != e) {
            printf("FAIL %s: byte %zu is 0x%02x, C wrote 0x%02x\n", what, i, a, e);
            fflush(stdout);
            exit(1);
        }
    }
}

static uint8_t pattern(int sequence, uint64_t index) { return (uint8_t)(sequence * 31 + (int)index * 7); }

// MARK: - Set-up

static zc_node *make_node(int argc, char **argv, const char *name) {
    zc_node_options options = {0};
    options.name = name;
    options.prefix = option(argc, argv, "prefix", NULL);
    options.root_path = option(argc, argv, "root", NULL);
    zc_node *node = NULL;
    CHECK(zc_node_create(&options, &node));
    return node;
}

static zc_request_response_service *open_service(
    zc_node *node, int argc, char **argv, zc_type_details request, zc_type_details response) {
    zc_request_response_options options;
    memset(&options, 0, sizeof options);
    options.request = request;
    options.response = response;
    zc_request_response_service *service = NULL;
    CHECK(zc_request_response_open(
        node, option(argc, argv, "service", "test/service"), &options, ZC_OPEN_OR_CREATE, &service));
    return service;
}

static zc_type_details reading_details(void) { return ZC_TYPE_DETAILS(sensors_Reading, ZC_PAYLOAD_FIXED); }

static zc_type_details bytes_details(void) {
    zc_type_details details;
    CHECK(zc_primitive_type_details(ZC_PRIMITIVE_U8, ZC_PAYLOAD_SLICE, &details));
    return details;
}

// MARK: - Scenarios

/// Answers --count requests of readings; each must be byte for byte the reading C builds for its id.
static int generated_server(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-generated-server");
    zc_request_response_service *service = open_service(node, argc, argv, reading_details(), reading_details());
    zc_server *server = NULL;
    CHECK(zc_server_create(service, NULL, &server));
    say("READY");
    int count = atoi(option(argc, argv, "count", "1"));
    for (int served = 0; served < count; served++) {
        zc_active_request *request = NULL;
        CHECK(zc_server_receive(server, 30 * SECOND, &request));
        if (request == NULL) fail("no request", ZC_OK);
        const void *payload = NULL;
        CHECK(zc_active_request_payload(request, &payload, NULL));
        const sensors_Reading *reading = payload;
        sensors_Reading expected = sample_reading((int)reading->id);
        sensors_Reading seen = normalized(reading);
        expect_bytes("request", &seen, &expected, sizeof expected);
        zc_response_mut *response = NULL;
        CHECK(zc_active_request_loan(request, 1, &response));
        void *out = NULL;
        CHECK(zc_response_mut_payload(response, &out, NULL));
        *(sensors_Reading *)out = answer(reading);
        CHECK(zc_response_mut_send(response));
        CHECK(zc_active_request_drop(request));
    }
    // Stay until the client got its last response and left.
    CHECK(zc_node_wait(node, SECOND / 2));
    CHECK(zc_server_drop(server));
    CHECK(zc_request_response_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

/// Sends --count readings and checks that each response is byte for byte the answer C computes.
static int generated_client(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-generated-client");
    zc_request_response_service *service = open_service(node, argc, argv, reading_details(), reading_details());
    zc_client *client = NULL;
    CHECK(zc_client_create(service, NULL, &client));
    int count = atoi(option(argc, argv, "count", "1"));
    for (int index = 0; index < count; index++) {
        zc_request_mut *request = NULL;
        CHECK(zc_client_loan(client, 1, &request));
        void *payload = NULL;
        CHECK(zc_request_mut_payload(request, &payload, NULL));
        *(sensors_Reading *)payload = sample_reading(index);
        zc_pending_response *pending = NULL;
        CHECK(zc_request_mut_send(request, &pending));
        zc_response *response = NULL;
        // A server may not be connected yet when the first request goes out: send again until one answers.
        for (int attempt = 0; attempt < 300 && response == NULL; attempt++) {
            CHECK(zc_pending_response_receive(pending, SECOND / 10, &response));
            bool connected = false;
            CHECK(zc_pending_response_is_connected(pending, &connected));
            if (response == NULL && !connected) {
                CHECK(zc_pending_response_drop(pending));
                CHECK(zc_node_wait(node, SECOND / 10));
                CHECK(zc_client_loan(client, 1, &request));
                CHECK(zc_request_mut_payload(request, &payload, NULL));
                *(sensors_Reading *)payload = sample_reading(index);
                CHECK(zc_request_mut_send(request, &pending));
            }
        }
        if (response == NULL) fail("no response", ZC_OK);
        const void *received = NULL;
        uint64_t elements = 0;
        CHECK(zc_response_payload(response, &received, &elements));
        sensors_Reading expected_request = sample_reading(index);
        sensors_Reading expected = answer(&expected_request);
        if (elements != 1) fail("response is not one element", ZC_OK);
        sensors_Reading seen = normalized(received);
        expect_bytes("response", &seen, &expected, sizeof expected);
        CHECK(zc_response_drop(response));
        CHECK(zc_pending_response_drop(pending));
    }
    sensors_Reading last_request = sample_reading(count - 1);
    sensors_Reading last = answer(&last_request);
    printf("LAST %.*s\n", (int)last.label.len, (const char *)last.label.data);
    CHECK(zc_client_drop(client));
    CHECK(zc_request_response_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

/// Answers --count byte-slice requests (the Swift helper's slice-client protocol), growing its memory.
static int slice_server(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-slice-server");
    zc_request_response_service *service = open_service(node, argc, argv, bytes_details(), bytes_details());
    zc_server_options server_options = {0};
    server_options.allocation_strategy = ZC_ALLOCATION_POWER_OF_TWO;
    zc_server *server = NULL;
    CHECK(zc_server_create(service, &server_options, &server));
    say("READY");
    int count = atoi(option(argc, argv, "count", "1"));
    int scale = atoi(option(argc, argv, "scale", "32"));
    for (int served = 0; served < count; served++) {
        zc_active_request *request = NULL;
        CHECK(zc_server_receive(server, 30 * SECOND, &request));
        if (request == NULL) fail("no request", ZC_OK);
        const void *payload = NULL;
        uint64_t length = 0;
        CHECK(zc_active_request_payload(request, &payload, &length));
        int sequence = (int)length / scale - 1;
        for (uint64_t i = 0; i < length; i++) {
            if (((const uint8_t *)payload)[i] != pattern(sequence, i)) fail("request byte differs", ZC_OK);
        }
        zc_response_mut *response = NULL;
        CHECK(zc_active_request_loan(request, length, &response));
        void *out = NULL;
        uint64_t out_length = 0;
        CHECK(zc_response_mut_payload(response, &out, &out_length));
        for (uint64_t i = 0; i < out_length; i++) ((uint8_t *)out)[i] = pattern(sequence + 1000, i);
        CHECK(zc_response_mut_send(response));
        CHECK(zc_active_request_drop(request));
    }
    CHECK(zc_node_wait(node, SECOND / 2));
    CHECK(zc_server_drop(server));
    CHECK(zc_request_response_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

/// Sends --count byte slices of scale, 2 × scale, … bytes and checks every byte of each response.
static int slice_client(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-slice-client");
    zc_request_response_service *service = open_service(node, argc, argv, bytes_details(), bytes_details());
    zc_client_options client_options = {0};
    client_options.allocation_strategy = ZC_ALLOCATION_POWER_OF_TWO;
    zc_client *client = NULL;
    CHECK(zc_client_create(service, &client_options, &client));
    // As the Swift helper's slice-client: no loan before a server is there.
    uint64_t servers = 0;
    for (int attempt = 0; attempt < 600 && servers == 0; attempt++) {
        CHECK(zc_request_response_number_of_ports(service, NULL, &servers));
        if (servers == 0) CHECK(zc_node_wait(node, SECOND / 20));
    }
    int count = atoi(option(argc, argv, "count", "1"));
    int scale = atoi(option(argc, argv, "scale", "32"));
    for (int sequence = 0; sequence < count; sequence++) {
        uint64_t length = (uint64_t)(scale * (sequence + 1));
        zc_response *response = NULL;
        zc_pending_response *pending = NULL;
        for (int attempt = 0; attempt < 300 && response == NULL; attempt++) {
            if (pending != NULL) CHECK(zc_pending_response_drop(pending));
            zc_request_mut *request = NULL;
            CHECK(zc_client_loan(client, length, &request));
            void *payload = NULL;
            uint64_t loaned = 0;
            CHECK(zc_request_mut_payload(request, &payload, &loaned));
            if (loaned != length) fail("loan has the wrong length", ZC_OK);
            for (uint64_t i = 0; i < length; i++) ((uint8_t *)payload)[i] = pattern(sequence, i);
            CHECK(zc_request_mut_send(request, &pending));
            CHECK(zc_pending_response_receive(pending, SECOND / 10, &response));
        }
        if (response == NULL) fail("no response", ZC_OK);
        const void *received = NULL;
        uint64_t received_length = 0;
        CHECK(zc_response_payload(response, &received, &received_length));
        if (received_length != length) fail("response has the wrong length", ZC_OK);
        for (uint64_t i = 0; i < length; i++) {
            if (((const uint8_t *)received)[i] != pattern(sequence + 1000, i)) fail("response byte differs", ZC_OK);
        }
        CHECK(zc_response_drop(response));
        CHECK(zc_pending_response_drop(pending));
    }
    CHECK(zc_client_drop(client));
    CHECK(zc_request_response_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

/// Opens the helper's Ping/Pong service ("test.Ping", 16 bytes) with a 24-byte "test.Ping": must be refused.
static int open_mismatch(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-mismatch");
    zc_request_response_options options;
    memset(&options, 0, sizeof options);
    // The helper's PingV2: the same name with another size; the fingerprint is the runtime's for that shape.
    options.request = (zc_type_details){"test.Ping", 24, 8, ZC_PAYLOAD_FIXED, 0};
    options.response = (zc_type_details){"test.Pong", 16, 8, ZC_PAYLOAD_FIXED, 0};
    zc_request_response_service *service = NULL;
    zc_result result = ZC_ERROR_SERVICE_DOES_NOT_EXIST;
    for (int attempt = 0; attempt < 300 && result == ZC_ERROR_SERVICE_DOES_NOT_EXIST; attempt++) {
        result = zc_request_response_open(
            node, option(argc, argv, "service", "test/service"), &options, ZC_OPEN, &service);
        if (result == ZC_ERROR_SERVICE_DOES_NOT_EXIST) CHECK(zc_node_wait(node, SECOND / 10));
    }
    if (result != ZC_ERROR_INCOMPATIBLE_TYPES) fail("expected ZC_ERROR_INCOMPATIBLE_TYPES", result);
    printf("INCOMPATIBLE %s\n", zc_last_error_message());
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

/// Creates a server on the reading service, holds a loan and a request, and waits to be killed.
static int hold_server(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-hold-server");
    zc_request_response_service *service = open_service(node, argc, argv, reading_details(), reading_details());
    zc_server *server = NULL;
    CHECK(zc_server_create(service, NULL, &server));
    zc_active_request *request = NULL;
    say("READY");
    while (request == NULL) CHECK(zc_server_receive(server, 30 * SECOND, &request));
    zc_response_mut *response = NULL;
    CHECK(zc_active_request_loan(request, 1, &response));
    say("HOLDING");
    for (;;) CHECK(zc_node_wait(node, SECOND));
    return 0;
}

/// Publishes --count readings (C ↔ C and C ↔ Swift publish-subscribe), each with a u64 user header = its index.
static int ps_publisher(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-publisher");
    zc_type_details header;
    CHECK(zc_primitive_type_details(ZC_PRIMITIVE_U64, ZC_PAYLOAD_FIXED, &header));
    zc_publish_subscribe_options options;
    memset(&options, 0, sizeof options);
    options.payload = reading_details();
    options.user_header = &header;
    options.subscriber_max_buffer_size = 4;
    options.safe_overflow = ZC_SETTING_OFF;  // with BLOCK below, every sample arrives
    zc_publish_subscribe_service *service = NULL;
    CHECK(zc_publish_subscribe_open(
        node, option(argc, argv, "service", "test/service"), &options, ZC_OPEN_OR_CREATE, &service));
    zc_publisher_options publisher_options = {0};
    publisher_options.unable_to_deliver = ZC_UNABLE_TO_DELIVER_BLOCK;
    zc_publisher *publisher = NULL;
    CHECK(zc_publisher_create(service, &publisher_options, &publisher));
    say("READY");
    int count = atoi(option(argc, argv, "count", "1"));
    for (int index = 0; index < count; index++) {
        uint64_t receivers = 0;
        // Wait for the subscriber before the first sample (no history).
        while (receivers == 0) {
            zc_sample_mut *sample = NULL;
            CHECK(zc_publisher_loan(publisher, 1, &sample));
            void *payload = NULL;
            CHECK(zc_sample_mut_payload(sample, &payload, NULL));
            *(sensors_Reading *)payload = sample_reading(index);
            void *user_header = NULL;
            CHECK(zc_sample_mut_user_header(sample, &user_header));
            *(uint64_t *)user_header = (uint64_t)index;
            if (index > 0) {
                CHECK(zc_sample_mut_send(sample, &receivers));
                break;
            }
            CHECK(zc_sample_mut_send(sample, &receivers));
            if (receivers == 0) CHECK(zc_node_wait(node, SECOND / 20));
        }
    }
    CHECK(zc_node_wait(node, SECOND / 2));
    CHECK(zc_publisher_drop(publisher));
    CHECK(zc_publish_subscribe_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

/// Receives --count readings in order and checks each byte for byte and its user header.
static int ps_subscriber(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-subscriber");
    zc_type_details header;
    CHECK(zc_primitive_type_details(ZC_PRIMITIVE_U64, ZC_PAYLOAD_FIXED, &header));
    zc_publish_subscribe_options options;
    memset(&options, 0, sizeof options);
    options.payload = reading_details();
    options.user_header = &header;
    options.subscriber_max_buffer_size = 4;
    options.safe_overflow = ZC_SETTING_OFF;  // with BLOCK below, every sample arrives
    zc_publish_subscribe_service *service = NULL;
    CHECK(zc_publish_subscribe_open(
        node, option(argc, argv, "service", "test/service"), &options, ZC_OPEN_OR_CREATE, &service));
    zc_subscriber *subscriber = NULL;
    CHECK(zc_subscriber_create(service, NULL, &subscriber));
    say("READY");
    int count = atoi(option(argc, argv, "count", "1"));
    int index = -1;
    while (index < count - 1) {
        zc_sample *sample = NULL;
        CHECK(zc_subscriber_receive(subscriber, 30 * SECOND, &sample));
        if (sample == NULL) fail("no sample", ZC_OK);
        const void *payload = NULL;
        CHECK(zc_sample_payload(sample, &payload, NULL));
        const void *user_header = NULL;
        CHECK(zc_sample_user_header(sample, &user_header));
        const sensors_Reading *reading = payload;
        sensors_Reading expected = sample_reading((int)reading->id);
        sensors_Reading seen = normalized(reading);
        expect_bytes("sample", &seen, &expected, sizeof expected);
        if (*(const uint64_t *)user_header != reading->id) fail("user header differs", ZC_OK);
        if ((int)reading->id != index + 1) fail("a sample is missing or out of order", ZC_OK);
        index = (int)reading->id;
        CHECK(zc_sample_drop(sample));
    }
    CHECK(zc_subscriber_drop(subscriber));
    CHECK(zc_publish_subscribe_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

// MARK: - Events (the Swift helper's event-notifier and event-listener protocol)

static zc_event_service *open_events(zc_node *node, int argc, char **argv) {
    zc_event_options options;
    memset(&options, 0, sizeof options);
    options.set_event_id_max_value = true;
    options.event_id_max_value = 63;
    zc_event_service *service = NULL;
    CHECK(zc_event_open(node, option(argc, argv, "service", "test/service"), &options, ZC_OPEN_OR_CREATE, &service));
    return service;
}

/// Waits for --listeners listeners, notifies each id of --ids once (REACHED n), then --too-large (TOO_LARGE code).
static int event_notifier(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-event-notifier");
    zc_event_service *service = open_events(node, argc, argv);
    zc_notifier *notifier = NULL;
    CHECK(zc_notifier_create(service, NULL, &notifier));
    say("READY");
    uint64_t wanted = (uint64_t)atoi(option(argc, argv, "listeners", "1")), listeners = 0;
    for (int attempt = 0; attempt < 1200 && listeners < wanted; attempt++) {
        CHECK(zc_event_number_of_ports(service, NULL, &listeners));
        if (listeners < wanted) CHECK(zc_node_wait(node, SECOND / 20));
    }
    char ids[256];
    snprintf(ids, sizeof ids, "%s", option(argc, argv, "ids", "1"));
    for (char *id = strtok(ids, ","); id != NULL; id = strtok(NULL, ",")) {
        uint64_t reached = 0;
        CHECK(zc_notifier_notify(notifier, strtoull(id, NULL, 10), &reached));
        printf("REACHED %llu\n", (unsigned long long)reached);
    }
    const char *too_large = option(argc, argv, "too-large", NULL);
    if (too_large != NULL) {
        uint64_t reached = 0;
        printf("TOO_LARGE %s\n", zc_result_name(zc_notifier_notify(notifier, strtoull(too_large, NULL, 10), &reached)));
    }
    CHECK(zc_notifier_drop(notifier));
    CHECK(zc_event_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

/// Prints READY once listening, collects --count ids (each pending id once) and prints IDS a,b,... in order.
static int event_listener(int argc, char **argv) {
    zc_node *node = make_node(argc, argv, "c-event-listener");
    zc_event_service *service = open_events(node, argc, argv);
    zc_listener *listener = NULL;
    CHECK(zc_listener_create(service, &listener));
    say("READY");
    int count = atoi(option(argc, argv, "count", "1")), received = 0;
    char text[512] = "";
    for (int attempt = 0; attempt < 600 && received < count; attempt++) {
        bool got = false;
        uint64_t id = 0;
        CHECK(zc_listener_wait_one(listener, SECOND / 10, &got, &id));
        if (!got) continue;
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s%llu", received == 0 ? "" : ",", (unsigned long long)id);
        received++;
    }
    // Nothing more arrives for what was sent once.
    for (;;) {
        bool got = false;
        uint64_t id = 0;
        CHECK(zc_listener_wait_one(listener, SECOND / 5, &got, &id));
        if (!got) break;
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, ",%llu", (unsigned long long)id);
    }
    printf("IDS %s\n", text);
    CHECK(zc_listener_drop(listener));
    CHECK(zc_event_drop(service));
    CHECK(zc_node_drop(node));
    say("OK");
    return 0;
}

int mistakes(int argc, char **argv);
int handle_limit(int argc, char **argv);

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: peer <scenario> --prefix P --root R [...]\n");
        return 2;
    }
    const char *scenario = argv[1];
    if (strcmp(scenario, "generated-server") == 0) return generated_server(argc, argv);
    if (strcmp(scenario, "generated-client") == 0) return generated_client(argc, argv);
    if (strcmp(scenario, "slice-server") == 0) return slice_server(argc, argv);
    if (strcmp(scenario, "slice-client") == 0) return slice_client(argc, argv);
    if (strcmp(scenario, "open-mismatch") == 0) return open_mismatch(argc, argv);
    if (strcmp(scenario, "hold-server") == 0) return hold_server(argc, argv);
    if (strcmp(scenario, "ps-publisher") == 0) return ps_publisher(argc, argv);
    if (strcmp(scenario, "ps-subscriber") == 0) return ps_subscriber(argc, argv);
    if (strcmp(scenario, "mistakes") == 0) return mistakes(argc, argv);
    if (strcmp(scenario, "handle-limit") == 0) return handle_limit(argc, argv);
    if (strcmp(scenario, "event-notifier") == 0) return event_notifier(argc, argv);
    if (strcmp(scenario, "event-listener") == 0) return event_listener(argc, argv);
    fprintf(stderr, "unknown scenario %s\n", scenario);
    return 2;
}
