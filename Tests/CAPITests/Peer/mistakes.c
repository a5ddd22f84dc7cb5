// User mistakes through the C API: each must return its error code with a message, never crash. Prints one line
// per check ("MISTAKE <code name> <message>") and OK at the end; exits 1 on the first unexpected result.

#include "zerocopyipc.h"
#include "Sensors_Sensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checks = 0;

static void expect(const char *what, zc_result actual, zc_result expected) {
    checks++;
    if (actual != expected) {
        printf("FAIL %s: %s instead of %s (%s)\n", what, zc_result_name(actual), zc_result_name(expected),
            zc_last_error_message());
        fflush(stdout);
        exit(1);
    }
    if (expected != ZC_OK) {
        if (zc_last_error_message()[0] == '\0') {
            printf("FAIL %s: no error message\n", what);
            exit(1);
        }
        printf("MISTAKE %s %s\n", zc_result_name(actual), zc_last_error_message());
    }
}

static const char *option(int argc, char **argv, const char *key) {
    for (int i = 2; i + 1 < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, key) == 0) return argv[i + 1];
    }
    return NULL;
}

int mistakes(int argc, char **argv) {
    zc_node_options node_options = {0};
    node_options.name = "c-mistakes";
    node_options.prefix = option(argc, argv, "prefix");
    node_options.root_path = option(argc, argv, "root");
    zc_node *node = NULL;

    // NULL out-parameters and handles.
    expect("node_create out NULL", zc_node_create(&node_options, NULL), ZC_ERROR_NULL_ARGUMENT);
    expect("node_drop NULL", zc_node_drop(NULL), ZC_ERROR_NULL_ARGUMENT);
    expect("node_create", zc_node_create(&node_options, &node), ZC_OK);

    zc_request_response_options options;
    memset(&options, 0, sizeof options);
    options.request = ZC_TYPE_DETAILS(sensors_Reading, ZC_PAYLOAD_FIXED);
    options.response = ZC_TYPE_DETAILS(sensors_Reading, ZC_PAYLOAD_FIXED);
    zc_request_response_service *service = NULL;
    expect("open NULL name", zc_request_response_open(node, NULL, &options, ZC_OPEN_OR_CREATE, &service),
        ZC_ERROR_NULL_ARGUMENT);
    expect("open NULL options", zc_request_response_open(node, "c/mistakes", NULL, ZC_OPEN_OR_CREATE, &service),
        ZC_ERROR_NULL_ARGUMENT);
    expect("open invalid mode", zc_request_response_open(node, "c/mistakes", &options, (zc_open_mode)7, &service),
        ZC_ERROR_INVALID_ARGUMENT);
    expect("open empty name", zc_request_response_open(node, "", &options, ZC_OPEN_OR_CREATE, &service),
        ZC_ERROR_INVALID_ARGUMENT);

    // Wrong type details.
    zc_request_response_options bad = options;
    bad.request.size = 0;
    expect("size 0", zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN_OR_CREATE, &service),
        ZC_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.request.alignment = 3;
    expect("alignment 3", zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN_OR_CREATE, &service),
        ZC_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.request.size = 12;
    expect("size not a multiple of alignment",
        zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN_OR_CREATE, &service), ZC_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.request.type_name = NULL;
    expect("type name NULL", zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN_OR_CREATE, &service),
        ZC_ERROR_NULL_ARGUMENT);
    bad = options;
    bad.request.variant = (zc_payload_variant)5;
    expect("bad variant", zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN_OR_CREATE, &service),
        ZC_ERROR_INVALID_ARGUMENT);
    bad = options;
    bad.request_payload_alignment = 48;
    expect("payload alignment 48", zc_request_response_open(node, "c/mistakes", &bad, ZC_CREATE, &service),
        ZC_ERROR_INVALID_PAYLOAD_LAYOUT);
    expect("open missing", zc_request_response_open(node, "c/mistakes", &options, ZC_OPEN, &service),
        ZC_ERROR_SERVICE_DOES_NOT_EXIST);
    expect("primitive out of range", zc_primitive_type_details((zc_primitive)99, ZC_PAYLOAD_FIXED, &options.request),
        ZC_ERROR_INVALID_ARGUMENT);

    expect("create", zc_request_response_open(node, "c/mistakes", &options, ZC_CREATE, &service), ZC_OK);
    zc_request_response_service *second = NULL;
    expect("create twice", zc_request_response_open(node, "c/mistakes", &options, ZC_CREATE, &second),
        ZC_ERROR_SERVICE_ALREADY_EXISTS);
    bad = options;
    bad.request.fingerprint ^= 1;
    expect("other fingerprint", zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN, &second),
        ZC_ERROR_INCOMPATIBLE_TYPES);
    bad = options;
    bad.max_clients = 1000;
    expect("more clients than the service", zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN, &second),
        ZC_ERROR_UNSUPPORTED_AMOUNT);
    zc_type_details header;
    expect("primitive", zc_primitive_type_details(ZC_PRIMITIVE_U32, ZC_PAYLOAD_FIXED, &header), ZC_OK);
    bad = options;
    bad.request_user_header = &header;
    expect("user header the service lacks", zc_request_response_open(node, "c/mistakes", &bad, ZC_OPEN, &second),
        ZC_ERROR_INCOMPATIBLE_TYPES);

    // Handles of the wrong kind.
    zc_client *client = NULL;
    expect("client on a node handle", zc_client_create((zc_request_response_service *)node, NULL, &client),
        ZC_ERROR_INVALID_HANDLE);
    expect("drop a service as a node", zc_node_drop((zc_node *)service), ZC_ERROR_INVALID_HANDLE);
    int garbage = 0;
    expect("foreign pointer", zc_node_drop((zc_node *)&garbage), ZC_ERROR_INVALID_HANDLE);

    zc_client_options client_options = {0};
    client_options.allocation_strategy = (zc_allocation_strategy)9;
    expect("bad strategy", zc_client_create(service, &client_options, &client), ZC_ERROR_INVALID_ARGUMENT);
    expect("client", zc_client_create(service, NULL, &client), ZC_OK);

    // Loans: counts, limits, use after send, double drop.
    zc_request_mut *loan = NULL;
    expect("loan count 0", zc_client_loan(client, 0, &loan), ZC_ERROR_INVALID_ARGUMENT);
    expect("loan 2 of a fixed payload", zc_client_loan(client, 2, &loan), ZC_ERROR_EXCEEDS_MAX_LOAN_SIZE);
    expect("loan NULL out", zc_client_loan(client, 1, NULL), ZC_ERROR_NULL_ARGUMENT);
    zc_request_mut *first = NULL, *second_loan = NULL, *third = NULL;
    expect("loan 1", zc_client_loan(client, 1, &first), ZC_OK);
    expect("loan 2", zc_client_loan(client, 1, &second_loan), ZC_OK);
    expect("loan beyond the limit", zc_client_loan(client, 1, &third), ZC_ERROR_EXCEEDS_MAX_LOANS);
    void *user_header = NULL;
    expect("user header without one", zc_request_mut_user_header(first, &user_header), ZC_ERROR_NO_USER_HEADER);
    expect("payload NULL out", zc_request_mut_payload(first, NULL, NULL), ZC_ERROR_NULL_ARGUMENT);
    expect("drop loan", zc_request_mut_drop(second_loan), ZC_OK);
    expect("drop loan twice", zc_request_mut_drop(second_loan), ZC_ERROR_INVALID_HANDLE);
    zc_pending_response *pending = NULL;
    expect("send NULL out", zc_request_mut_send(first, NULL), ZC_ERROR_NULL_ARGUMENT);
    expect("send", zc_request_mut_send(first, &pending), ZC_OK);
    expect("send twice", zc_request_mut_send(first, &pending), ZC_ERROR_INVALID_HANDLE);
    void *payload = NULL;
    expect("payload after send", zc_request_mut_payload(first, &payload, NULL), ZC_ERROR_INVALID_HANDLE);
    zc_response *response = NULL;
    expect("receive without server", zc_pending_response_receive(pending, 0, &response), ZC_OK);
    if (response != NULL) expect("no response expected", ZC_ERROR_INTERNAL, ZC_OK);
    expect("pending as a loan", zc_request_mut_drop((zc_request_mut *)pending), ZC_ERROR_INVALID_HANDLE);
    expect("drop pending", zc_pending_response_drop(pending), ZC_OK);
    expect("drop pending twice", zc_pending_response_drop(pending), ZC_ERROR_INVALID_HANDLE);

    // Ports beyond the service's limit.
    zc_server *servers[3] = {NULL, NULL, NULL};
    expect("server 1", zc_server_create(service, NULL, &servers[0]), ZC_OK);
    expect("server 2", zc_server_create(service, NULL, &servers[1]), ZC_OK);
    expect("server 3 of 2", zc_server_create(service, NULL, &servers[2]), ZC_ERROR_EXCEEDS_MAX_PORTS);

    // The copying calls: one round trip through them, then their mistakes.
    sensors_Reading value, echo;
    memset(&value, 0, sizeof value);
    memset(&echo, 0, sizeof echo);
    value.id = 7;
    zc_pending_response *copied = NULL;
    expect("send_copy NULL payload", zc_client_send_copy(client, NULL, 1, &copied), ZC_ERROR_NULL_ARGUMENT);
    expect("send_copy NULL out", zc_client_send_copy(client, &value, 1, NULL), ZC_ERROR_NULL_ARGUMENT);
    expect("send_copy count 0", zc_client_send_copy(client, &value, 0, &copied), ZC_ERROR_INVALID_ARGUMENT);
    expect("send_copy on a server", zc_client_send_copy((zc_client *)servers[0], &value, 1, &copied),
        ZC_ERROR_INVALID_HANDLE);
    expect("send_copy", zc_client_send_copy(client, &value, 1, &copied), ZC_OK);
    zc_active_request *active = NULL;
    uint64_t copied_count = 0;
    expect("receive_copy NULL out", zc_server_receive_copy(servers[0], 0, &echo, 1, NULL, NULL),
        ZC_ERROR_NULL_ARGUMENT);
    expect("server receive_copy", zc_server_receive_copy(servers[0], 1000000000, &echo, 1, &copied_count, &active),
        ZC_OK);
    if (active == NULL || copied_count != 1 || echo.id != 7) expect("request copied", ZC_ERROR_INTERNAL, ZC_OK);
    expect("server send_copy count 0", zc_active_request_send_copy(active, &echo, 0), ZC_ERROR_INVALID_ARGUMENT);
    expect("server send_copy NULL payload", zc_active_request_send_copy(active, NULL, 1), ZC_ERROR_NULL_ARGUMENT);
    echo.id = 8;
    expect("server send_copy", zc_active_request_send_copy(active, &echo, 1), ZC_OK);
    expect("drop the copied request", zc_active_request_drop(active), ZC_OK);
    bool copied_received = false;
    memset(&value, 0, sizeof value);
    expect("receive_copy NULL received", zc_pending_response_receive_copy(copied, 0, &value, 1, NULL, NULL),
        ZC_ERROR_NULL_ARGUMENT);
    expect("receive_copy",
        zc_pending_response_receive_copy(copied, 1000000000, &value, 1, &copied_count, &copied_received), ZC_OK);
    if (!copied_received || copied_count != 1 || value.id != 8) expect("response copied", ZC_ERROR_INTERNAL, ZC_OK);
    expect("receive_copy again", zc_pending_response_receive_copy(copied, 0, &value, 1, NULL, &copied_received), ZC_OK);
    if (copied_received) expect("one response only", ZC_ERROR_INTERNAL, ZC_OK);
    expect("drop the copied pending response", zc_pending_response_drop(copied), ZC_OK);
    expect("receive_copy after drop", zc_pending_response_receive_copy(copied, 0, &value, 1, NULL, &copied_received),
        ZC_ERROR_INVALID_HANDLE);
    expect("send_copy again", zc_client_send_copy(client, &value, 1, &copied), ZC_OK);
    expect("receive_copy into no room", zc_server_receive_copy(servers[0], 1000000000, &echo, 0, NULL, &active),
        ZC_ERROR_INVALID_ARGUMENT);
    expect("drop that pending response", zc_pending_response_drop(copied), ZC_OK);

    // Drop order is free: the service and node before their ports.
    expect("drop service first", zc_request_response_drop(service), ZC_OK);
    expect("drop service twice", zc_request_response_drop(service), ZC_ERROR_INVALID_HANDLE);
    expect("loan after the service handle went", zc_client_loan(client, 1, &loan), ZC_OK);
    expect("drop client with a loan out", zc_client_drop(client), ZC_OK);
    expect("use the client after drop", zc_client_loan(client, 1, &loan), ZC_ERROR_INVALID_HANDLE);
    expect("payload of a loan whose client went", zc_request_mut_payload(loan, &payload, NULL), ZC_OK);
    expect("drop that loan", zc_request_mut_drop(loan), ZC_OK);
    expect("drop server 1", zc_server_drop(servers[0]), ZC_OK);
    expect("drop server 2", zc_server_drop(servers[1]), ZC_OK);

    // Publish-subscribe mistakes.
    zc_publish_subscribe_options ps;
    memset(&ps, 0, sizeof ps);
    ps.payload = ZC_TYPE_DETAILS(sensors_Reading, ZC_PAYLOAD_SLICE);
    ps.subscriber_max_buffer_size = 2;
    ps.safe_overflow = (zc_setting)4;
    zc_publish_subscribe_service *topic = NULL;
    expect("bad setting", zc_publish_subscribe_open(node, "c/topic", &ps, ZC_OPEN_OR_CREATE, &topic),
        ZC_ERROR_INVALID_ARGUMENT);
    ps.safe_overflow = ZC_SETTING_UNSET;
    expect("topic", zc_publish_subscribe_open(node, "c/topic", &ps, ZC_OPEN_OR_CREATE, &topic), ZC_OK);
    zc_request_response_service *wrong = NULL;
    expect("request-response under a publish-subscribe name",
        zc_request_response_open(node, "c/topic", &options, ZC_OPEN, &wrong), ZC_ERROR_SERVICE_DOES_NOT_EXIST);
    zc_subscriber *subscriber = NULL;
    zc_subscriber_options subscriber_options = {3};
    expect("buffer above the service's", zc_subscriber_create(topic, &subscriber_options, &subscriber),
        ZC_ERROR_BUFFER_SIZE_EXCEEDS_SERVICE);
    expect("subscriber", zc_subscriber_create(topic, NULL, &subscriber), ZC_OK);
    zc_publisher *publisher = NULL;
    expect("publisher", zc_publisher_create(topic, NULL, &publisher), ZC_OK);
    zc_sample_mut *sample = NULL;
    expect("slice longer than the memory", zc_publisher_loan(publisher, 5, &sample), ZC_ERROR_EXCEEDS_MAX_LOAN_SIZE);
    expect("sample", zc_publisher_loan(publisher, 1, &sample), ZC_OK);
    uint64_t receivers = 0;
    expect("send sample", zc_sample_mut_send(sample, &receivers), ZC_OK);
    expect("send sample twice", zc_sample_mut_send(sample, &receivers), ZC_ERROR_INVALID_HANDLE);
    zc_sample *received[3] = {NULL, NULL, NULL};
    expect("receive", zc_subscriber_receive(subscriber, 0, &received[0]), ZC_OK);
    if (received[0] == NULL) expect("a sample expected", ZC_ERROR_INTERNAL, ZC_OK);
    const void *read_header = NULL;
    expect("sample user header without one", zc_sample_user_header(received[0], &read_header),
        ZC_ERROR_NO_USER_HEADER);
    expect("drop sample", zc_sample_drop(received[0]), ZC_OK);
    expect("drop sample twice", zc_sample_drop(received[0]), ZC_ERROR_INVALID_HANDLE);
    expect("subscriber as publisher", zc_publisher_drop((zc_publisher *)subscriber), ZC_ERROR_INVALID_HANDLE);
    expect("drop subscriber", zc_subscriber_drop(subscriber), ZC_OK);
    expect("drop publisher", zc_publisher_drop(publisher), ZC_OK);
    expect("drop topic", zc_publish_subscribe_drop(topic), ZC_OK);

    // Events.
    zc_event_options event_options;
    memset(&event_options, 0, sizeof event_options);
    event_options.set_event_id_max_value = true;
    event_options.event_id_max_value = 7;
    zc_event_service *events = NULL;
    expect("event open NULL out", zc_event_open(node, "c/mistakes/events", &event_options, ZC_OPEN_OR_CREATE, NULL),
        ZC_ERROR_NULL_ARGUMENT);
    event_options.deadline = (zc_setting)9;
    expect("event open invalid setting", zc_event_open(node, "c/mistakes/events", &event_options, ZC_OPEN_OR_CREATE,
        &events), ZC_ERROR_INVALID_ARGUMENT);
    event_options.deadline = ZC_SETTING_UNSET;
    expect("event open missing", zc_event_open(node, "c/mistakes/events", NULL, ZC_OPEN, &events),
        ZC_ERROR_SERVICE_DOES_NOT_EXIST);
    expect("event create", zc_event_open(node, "c/mistakes/events", &event_options, ZC_CREATE, &events), ZC_OK);
    expect("event create twice", zc_event_open(node, "c/mistakes/events", NULL, ZC_CREATE, &events),
        ZC_ERROR_SERVICE_ALREADY_EXISTS);
    zc_notifier_options notifier_options = {0};
    notifier_options.set_default_event_id = true;
    notifier_options.default_event_id = 8;
    zc_notifier *notifier = NULL;
    expect("notifier with a default id above the maximum", zc_notifier_create(events, &notifier_options, &notifier),
        ZC_ERROR_INVALID_ARGUMENT);
    expect("notifier", zc_notifier_create(events, NULL, &notifier), ZC_OK);
    zc_listener *listener = NULL;
    expect("listener NULL service", zc_listener_create(NULL, &listener), ZC_ERROR_NULL_ARGUMENT);
    expect("listener on a notifier", zc_listener_create((zc_event_service *)notifier, &listener),
        ZC_ERROR_INVALID_HANDLE);
    expect("listener", zc_listener_create(events, &listener), ZC_OK);
    uint64_t reached = 0;
    expect("notify an id above the maximum", zc_notifier_notify(notifier, 8, &reached),
        ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS);
    expect("notify a huge id", zc_notifier_notify(notifier, UINT64_MAX, &reached), ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS);
    expect("notify", zc_notifier_notify(notifier, 7, &reached), ZC_OK);
    if (reached != 1) expect("one listener reached", ZC_ERROR_INTERNAL, ZC_OK);
    bool got = false;
    uint64_t id = 0;
    expect("wait NULL received", zc_listener_wait_one(listener, 0, NULL, &id), ZC_ERROR_NULL_ARGUMENT);
    expect("wait", zc_listener_wait_one(listener, 0, &got, &id), ZC_OK);
    if (!got || id != 7) expect("id 7 expected", ZC_ERROR_INTERNAL, ZC_OK);
    expect("wait again", zc_listener_wait_one(listener, 1000, &got, &id), ZC_OK);
    if (got) expect("an id once", ZC_ERROR_INTERNAL, ZC_OK);
    expect("listener as notifier", zc_notifier_notify((zc_notifier *)listener, 1, &reached), ZC_ERROR_INVALID_HANDLE);
    expect("drop listener", zc_listener_drop(listener), ZC_OK);
    expect("wait on a dropped listener", zc_listener_wait_one(listener, 0, &got, &id), ZC_ERROR_INVALID_HANDLE);
    expect("drop notifier", zc_notifier_drop(notifier), ZC_OK);
    expect("drop events", zc_event_drop(events), ZC_OK);
    expect("drop events twice", zc_event_drop(events), ZC_ERROR_INVALID_HANDLE);

    expect("node_wait NULL", zc_node_wait(NULL, 0), ZC_ERROR_NULL_ARGUMENT);
    expect("drop node", zc_node_drop(node), ZC_OK);
    expect("drop node twice", zc_node_drop(node), ZC_ERROR_INVALID_HANDLE);
    printf("CHECKS %d\n", checks);
    printf("OK\n");
    return 0;
}

// More handles than the library hands out: run with ZEROCOPYIPC_C_MAX_HANDLES=8 (the real limit is 4,194,304). Each
// call past the limit returns ZC_ERROR_OUT_OF_MEMORY instead of aborting, and a dropped handle's record is reused.
int handle_limit(int argc, char **argv) {
    zc_node_options node_options = {0};
    node_options.name = "c-handle-limit";
    node_options.prefix = option(argc, argv, "prefix");
    node_options.root_path = option(argc, argv, "root");
    zc_node *node = NULL;
    expect("node_create", zc_node_create(&node_options, &node), ZC_OK);  // handle 1
    zc_event_service *events = NULL;
    expect("event open", zc_event_open(node, "c/handle-limit", NULL, ZC_OPEN_OR_CREATE, &events), ZC_OK);  // 2
    zc_notifier *notifiers[6] = {0};
    for (int i = 0; i < 6; i++) expect("notifier", zc_notifier_create(events, NULL, &notifiers[i]), ZC_OK);  // 3-8
    zc_notifier *extra = NULL;
    expect("a 9th handle", zc_notifier_create(events, NULL, &extra), ZC_ERROR_OUT_OF_MEMORY);
    if (extra != NULL) expect("no handle past the limit", ZC_ERROR_INTERNAL, ZC_OK);
    zc_listener *listener = NULL;
    expect("a 9th handle of another kind", zc_listener_create(events, &listener), ZC_ERROR_OUT_OF_MEMORY);
    uint64_t notifiers_now = 0, listeners_now = 0;
    expect("ports", zc_event_number_of_ports(events, &notifiers_now, &listeners_now), ZC_OK);
    if (notifiers_now != 6 || listeners_now != 0) expect("refused ports are gone", ZC_ERROR_INTERNAL, ZC_OK);
    expect("drop a notifier", zc_notifier_drop(notifiers[5]), ZC_OK);
    expect("its record is reused", zc_listener_create(events, &listener), ZC_OK);
    expect("full again", zc_notifier_create(events, NULL, &extra), ZC_ERROR_OUT_OF_MEMORY);
    uint64_t reached = 0;
    expect("the handles still work", zc_notifier_notify(notifiers[0], 1, &reached), ZC_OK);
    if (reached != 1) expect("the listener reached", ZC_ERROR_INTERNAL, ZC_OK);
    expect("drop listener", zc_listener_drop(listener), ZC_OK);
    for (int i = 0; i < 5; i++) expect("drop notifier", zc_notifier_drop(notifiers[i]), ZC_OK);
    expect("drop events", zc_event_drop(events), ZC_OK);
    expect("drop node", zc_node_drop(node), ZC_OK);
    printf("CHECKS %d\n", checks);
    printf("OK\n");
    return 0;
}
