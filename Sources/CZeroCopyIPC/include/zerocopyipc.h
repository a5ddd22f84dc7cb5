// zerocopyipc.h: the C API of ZeroCopyIPC, typed zero-copy shared-memory IPC (request-response, publish-subscribe
// and events). Valid C11 and C++17. Link with -lZeroCopyIPCC (the `ZeroCopyIPCC` library product); the library is
// the Swift runtime itself, exported through `@c` functions, so C, C++, Python and Swift processes are peers on the
// same services.
//
// Payload types
//   A service records each payload's type details: name, size, alignment, variant (one value or a slice) and a
//   layout fingerprint. Take them from a header that `ipcgen c` generated from the same .ipcdef file as the other
//   processes' types: `ZC_TYPE_DETAILS(sensors_Reading, ZC_PAYLOAD_FIXED)`, or better the per-service wrappers in
//   that header (`<service>_open(...)`), which pass them for you. Primitives: `zc_primitive_type_details`.
//   A process whose details differ in anything is refused with ZC_ERROR_INCOMPATIBLE_TYPES, exactly as a Swift
//   process is.
//
// Errors
//   Every function returns a zc_result (ZC_OK is 0). On failure, zc_last_error_message() returns a sentence that
//   says what went wrong and how to fix it; it belongs to the calling thread and stays valid until the thread's
//   next failing call. No user mistake aborts the process: NULL handles and out-parameters, handles of the wrong
//   kind, handles already dropped (detected until the handle's slot is reused: a loan or received-message handle
//   by a later one of the same port, any other by a later handle), wrong counts and sizes all return an error
//   code. Checking a handle takes no lock and reads only the library's own handle table; at most 4,194,304
//   handles can be out at once (a call that would hand out another returns ZC_ERROR_OUT_OF_MEMORY).
//
// Ownership
//   Every `zc_*_create`, `..._open`, loan and receive hands out a handle that the caller owns and must give back
//   exactly once: `zc_*_drop` for nodes, services and ports, `..._drop` or `..._send` for loans (send consumes the
//   loan, also when it fails), `..._drop` for received messages and pending responses. Drop order is free: a port
//   keeps its service and node alive, and a message its port, until the last of them is dropped. Payload and user
//   header pointers point into shared memory and are valid until their message is sent or dropped. Received
//   payloads are read only (`const void *`).
//
// Threads
//   Nodes and services may be used from any thread. A port and the messages it handed out are used from one thread
//   at a time (move them between threads freely, but do not use them from two at once). The error message is per
//   thread.
//
// Timeouts are in nanoseconds; 0 means "do not wait".

#ifndef ZEROCOPYIPC_H
#define ZEROCOPYIPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a call did. ZC_OK is success; every other value comes with zc_last_error_message().
typedef enum zc_result {
    ZC_OK = 0,
    // A mistake in the call itself.
    ZC_ERROR_NULL_ARGUMENT = 1,        ///< A required pointer (handle, out-parameter, name) was NULL.
    ZC_ERROR_INVALID_HANDLE = 2,       ///< The handle was dropped already, or is of another kind.
    ZC_ERROR_INVALID_ARGUMENT = 3,     ///< A value is out of range: a size, alignment, count, enum or name.
    ZC_ERROR_NO_USER_HEADER = 4,       ///< The service has no user header of that kind.
    // Nodes.
    ZC_ERROR_NODE_CREATE = 10,         ///< The node could not be created (name, config, permissions).
    ZC_ERROR_TERMINATION_REQUEST = 11, ///< zc_node_wait: SIGTERM arrived; end the loop and drop the ports.
    ZC_ERROR_INTERRUPT = 12,           ///< zc_node_wait: SIGINT (Ctrl-C) arrived; end the loop and drop the ports.
    // Services.
    ZC_ERROR_SERVICE_DOES_NOT_EXIST = 20,
    ZC_ERROR_SERVICE_ALREADY_EXISTS = 21,
    ZC_ERROR_INCOMPATIBLE_TYPES = 22,         ///< A payload or user header differs from the service's.
    ZC_ERROR_INCOMPATIBLE_MESSAGING_PATTERN = 23,
    ZC_ERROR_UNSUPPORTED_AMOUNT = 24,         ///< A requested limit is above the service's.
    ZC_ERROR_INCOMPATIBLE_BEHAVIOR = 25,      ///< A requested setting (safe overflow, …) differs.
    ZC_ERROR_INCOMPATIBLE_ATTRIBUTES = 26,
    ZC_ERROR_EXCEEDS_MAX_NODES = 27,
    ZC_ERROR_SERVICE_UNAVAILABLE = 28,        ///< Version mismatch, corrupted, permissions, or still in creation.
    ZC_ERROR_INVALID_PAYLOAD_LAYOUT = 29,     ///< A payload alignment that no mapping can give.
    // Ports.
    ZC_ERROR_EXCEEDS_MAX_PORTS = 30,          ///< The service has its maximum of this kind of port.
    ZC_ERROR_BUFFER_SIZE_EXCEEDS_SERVICE = 31,
    // Loans, sends and receives.
    ZC_ERROR_EXCEEDS_MAX_LOANS = 40,
    ZC_ERROR_EXCEEDS_MAX_LOAN_SIZE = 41,      ///< A slice longer than the memory holds, or count > 1 for a fixed payload.
    ZC_ERROR_OUT_OF_MEMORY = 42,
    ZC_ERROR_EXCEEDS_MAX_ACTIVE_REQUESTS = 43,
    ZC_ERROR_RECEIVER_BUFFER_FULL = 44,
    ZC_ERROR_CONNECTION_CLOSED = 45,
    ZC_ERROR_EXCEEDS_MAX_BORROWS = 46,        ///< Too many received messages held at once; drop some.
    // Events.
    ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS = 50,     ///< An event id above the service's event_id_max_value.
    ZC_ERROR_MISSED_DEADLINE = 51,            ///< The notification was delivered, but later than the deadline.
    ZC_ERROR_INTERNAL = 99                    ///< A failure of the system underneath (see the message).
} zc_result;

/// The calling thread's message for its last failing call: what went wrong and how to fix it ("" if none).
const char *zc_last_error_message(void);

/// The enumerator's name, for example "ZC_ERROR_INCOMPATIBLE_TYPES" (a static string).
const char *zc_result_name(zc_result result);

// MARK: - Type details

/// One value of a type, or a slice of values whose length each loan chooses.
typedef enum zc_payload_variant { ZC_PAYLOAD_FIXED = 0, ZC_PAYLOAD_SLICE = 1 } zc_payload_variant;

/// A payload or user-header type as the service records it. For a slice, the element type's details.
typedef struct zc_type_details {
    const char *type_name;      ///< `<Type>_TYPE_NAME` from the generated header.
    uint64_t size;              ///< sizeof(<Type>).
    uint64_t alignment;         ///< alignof(<Type>).
    zc_payload_variant variant; ///< Ignored for user headers.
    uint64_t fingerprint;       ///< `<Type>_FINGERPRINT` from the generated header.
} zc_type_details;

/// The type details of a type declared in a header generated by `ipcgen c`.
#ifdef __cplusplus
#define ZC_TYPE_DETAILS(Type, variant) \
    (zc_type_details{Type##_TYPE_NAME, sizeof(Type), alignof(Type), (variant), Type##_FINGERPRINT})
#else
#define ZC_TYPE_DETAILS(Type, variant) \
    ((zc_type_details){Type##_TYPE_NAME, sizeof(Type), _Alignof(Type), (variant), Type##_FINGERPRINT})
#endif

/// The primitives of the definition language (`bool`, `u8` … `f64`).
typedef enum zc_primitive {
    ZC_PRIMITIVE_BOOL = 0, ZC_PRIMITIVE_U8, ZC_PRIMITIVE_U16, ZC_PRIMITIVE_U32, ZC_PRIMITIVE_U64,
    ZC_PRIMITIVE_I8, ZC_PRIMITIVE_I16, ZC_PRIMITIVE_I32, ZC_PRIMITIVE_I64, ZC_PRIMITIVE_F32, ZC_PRIMITIVE_F64
} zc_primitive;

/// The type details of a primitive payload (for example a `u64` request, or a `[u8]` slice).
zc_result zc_primitive_type_details(zc_primitive primitive, zc_payload_variant variant, zc_type_details *out);

// MARK: - Options shared by several builders

/// An unset setting takes the config's default (creating) or accepts the service's (opening).
typedef enum zc_setting { ZC_SETTING_UNSET = 0, ZC_SETTING_OFF = 1, ZC_SETTING_ON = 2 } zc_setting;

/// How a sender's memory grows when a slice loan needs more (ZC_ALLOCATION_STATIC: it does not).
typedef enum zc_allocation_strategy {
    ZC_ALLOCATION_STATIC = 0, ZC_ALLOCATION_BEST_FIT = 1, ZC_ALLOCATION_POWER_OF_TWO = 2
} zc_allocation_strategy;

/// What a send does when a receiver's buffer is full and the service has no safe overflow.
typedef enum zc_unable_to_deliver {
    ZC_UNABLE_TO_DELIVER_DEFAULT = 0, ZC_UNABLE_TO_DELIVER_BLOCK = 1, ZC_UNABLE_TO_DELIVER_DISCARD = 2
} zc_unable_to_deliver;

/// How to reach a service.
typedef enum zc_open_mode { ZC_OPEN_OR_CREATE = 0, ZC_CREATE = 1, ZC_OPEN = 2 } zc_open_mode;

// MARK: - Nodes

typedef struct zc_node zc_node;

/// Node options; a zero-initialised struct (or NULL) gives the defaults.
typedef struct zc_node_options {
    const char *name;          ///< Shown by node listings; NULL: "". At most 255 bytes.
    const char *config_file;   ///< A TOML config file; NULL: discovered ($ZEROCOPYIPC_CONFIG, …) or built-in.
    const char *root_path;     ///< Overrides the config's root folder; NULL: keep.
    const char *prefix;        ///< Overrides the config's name prefix; NULL: keep.
    bool disable_signal_handling; ///< true: leave SIGINT/SIGTERM alone (zc_node_wait cannot report them).
} zc_node_options;

/// Creates a node, the process's participant in the system. `options` may be NULL.
zc_result zc_node_create(const zc_node_options *options, zc_node **out);
/// Drops the node handle (its files go when its last service and port are dropped too).
zc_result zc_node_drop(zc_node *node);
/// Sleeps up to `timeout_ns`; ZC_ERROR_INTERRUPT (SIGINT) or ZC_ERROR_TERMINATION_REQUEST (SIGTERM) once such a
/// signal arrived (now or before).
zc_result zc_node_wait(zc_node *node, uint64_t timeout_ns);
/// The node's unique id.
zc_result zc_node_id(zc_node *node, uint64_t *out);

// MARK: - Request-response

typedef struct zc_request_response_service zc_request_response_service;
typedef struct zc_client zc_client;
typedef struct zc_server zc_server;
typedef struct zc_request_mut zc_request_mut;
typedef struct zc_pending_response zc_pending_response;
typedef struct zc_response zc_response;
typedef struct zc_active_request zc_active_request;
typedef struct zc_response_mut zc_response_mut;

/// A request-response service's types and options. Zero for a number or ZC_SETTING_UNSET means unset.
typedef struct zc_request_response_options {
    zc_type_details request;
    zc_type_details response;
    const zc_type_details *request_user_header;  ///< NULL: none.
    const zc_type_details *response_user_header; ///< NULL: none.
    uint64_t request_payload_alignment, response_payload_alignment; ///< At least the type's; a power of two.
    uint64_t max_clients, max_servers, max_nodes, max_active_requests_per_client, max_loaned_requests;
    uint64_t max_response_buffer_size, max_borrowed_responses_per_pending_response;
    uint64_t max_loaned_responses_per_request;
    zc_setting safe_overflow_for_requests, safe_overflow_for_responses, fire_and_forget_requests;
} zc_request_response_options;

/// Opens, creates or opens-or-creates the request-response service `name`.
zc_result zc_request_response_open(
    zc_node *node, const char *name, const zc_request_response_options *options, zc_open_mode mode,
    zc_request_response_service **out);
zc_result zc_request_response_drop(zc_request_response_service *service);
/// Whether this handle created the service.
zc_result zc_request_response_is_creator(zc_request_response_service *service, bool *out);

/// The number of clients and of servers connected to the service now (either out-parameter may be NULL).
zc_result zc_request_response_number_of_ports(zc_request_response_service *service, uint64_t *clients, uint64_t *servers);

/// Client options; zero-initialised (or NULL) gives the defaults.
typedef struct zc_client_options {
    uint64_t initial_max_slice_len;            ///< 0: 1.
    zc_allocation_strategy allocation_strategy;
    zc_unable_to_deliver unable_to_deliver;    ///< DEFAULT: discard.
    uint64_t max_active_requests;              ///< 0: the service's limit.
} zc_client_options;

zc_result zc_client_create(zc_request_response_service *service, const zc_client_options *options, zc_client **out);
zc_result zc_client_drop(zc_client *client);
zc_result zc_client_id(zc_client *client, uint64_t *out);
/// Loans a zeroed request of `count` elements (1 for a fixed payload).
zc_result zc_client_loan(zc_client *client, uint64_t count, zc_request_mut **out);
/// The loan's payload (writable) and its element count (`count` may be NULL).
zc_result zc_request_mut_payload(zc_request_mut *request, void **payload, uint64_t *count);
zc_result zc_request_mut_user_header(zc_request_mut *request, void **header);
/// Sends the request; the loan is consumed, also on failure. `out` gets the pending response.
zc_result zc_request_mut_send(zc_request_mut *request, zc_pending_response **out);
zc_result zc_request_mut_drop(zc_request_mut *request);

/// Takes the next response, waiting up to `timeout_ns`; `*out` is NULL when none came (ZC_OK).
zc_result zc_pending_response_receive(zc_pending_response *pending, uint64_t timeout_ns, zc_response **out);
/// Whether a server still holds the request (more responses may come).
zc_result zc_pending_response_is_connected(zc_pending_response *pending, bool *out);
zc_result zc_pending_response_drop(zc_pending_response *pending);

/// The header of a request as the server sees it.
typedef struct zc_request_header { uint64_t client_id, request_id, number_of_elements; } zc_request_header;
/// The header of a response as the client sees it.
typedef struct zc_response_header { uint64_t server_id, request_id, number_of_elements; } zc_response_header;

zc_result zc_response_payload(zc_response *response, const void **payload, uint64_t *count);
zc_result zc_response_user_header(zc_response *response, const void **header);
zc_result zc_response_header_of(zc_response *response, zc_response_header *out);
zc_result zc_response_drop(zc_response *response);

/// Server options; zero-initialised (or NULL) gives the defaults.
typedef struct zc_server_options {
    uint64_t initial_max_slice_len;            ///< 0: 1.
    zc_allocation_strategy allocation_strategy;
    uint64_t max_loaned_responses_per_request; ///< 0: the service's.
} zc_server_options;

zc_result zc_server_create(zc_request_response_service *service, const zc_server_options *options, zc_server **out);
zc_result zc_server_drop(zc_server *server);
/// Takes the next request, waiting up to `timeout_ns`; `*out` is NULL when none came (ZC_OK).
zc_result zc_server_receive(zc_server *server, uint64_t timeout_ns, zc_active_request **out);

zc_result zc_active_request_payload(zc_active_request *request, const void **payload, uint64_t *count);
zc_result zc_active_request_user_header(zc_active_request *request, const void **header);
zc_result zc_active_request_header_of(zc_active_request *request, zc_request_header *out);
/// Whether the client still waits for responses.
zc_result zc_active_request_is_connected(zc_active_request *request, bool *out);
/// Loans a zeroed response of `count` elements to this request.
zc_result zc_active_request_loan(zc_active_request *request, uint64_t count, zc_response_mut **out);
/// Ends the request: the client learns that no more responses come.
zc_result zc_active_request_drop(zc_active_request *request);

zc_result zc_response_mut_payload(zc_response_mut *response, void **payload, uint64_t *count);
zc_result zc_response_mut_user_header(zc_response_mut *response, void **header);
/// Sends the response; the loan is consumed, also on failure.
zc_result zc_response_mut_send(zc_response_mut *response);
zc_result zc_response_mut_drop(zc_response_mut *response);

// Copying calls: one call per message, for bindings whose every call costs (Python's ctypes). Each copies `count`
// elements of the payload type's size; the zero-copy calls above remain the way for large payloads. A received
// message longer than `capacity` elements is dropped uncopied and the call returns ZC_ERROR_INVALID_ARGUMENT.

/// zc_client_loan, a copy of `count` elements from `payload` (uninitialised memory, every byte overwritten) and
/// zc_request_mut_send in one call. `out` gets the pending response.
zc_result zc_client_send_copy(zc_client *client, const void *payload, uint64_t count, zc_pending_response **out);
/// zc_pending_response_receive, a copy of the payload into `buffer` and zc_response_drop in one call. `*received`
/// is false when no response came (ZC_OK); `count` (may be NULL) gets the number of elements copied.
zc_result zc_pending_response_receive_copy(
    zc_pending_response *pending, uint64_t timeout_ns, void *buffer, uint64_t capacity, uint64_t *count,
    bool *received);
/// zc_server_receive and a copy of the request's payload into `buffer`; `*out` is the active request (NULL when none
/// came), to be answered and dropped as usual. `count` (may be NULL) gets the number of elements copied.
zc_result zc_server_receive_copy(
    zc_server *server, uint64_t timeout_ns, void *buffer, uint64_t capacity, uint64_t *count,
    zc_active_request **out);
/// zc_active_request_loan, a copy of `count` elements from `payload` and zc_response_mut_send in one call.
zc_result zc_active_request_send_copy(zc_active_request *request, const void *payload, uint64_t count);

// MARK: - Publish-subscribe

typedef struct zc_publish_subscribe_service zc_publish_subscribe_service;
typedef struct zc_publisher zc_publisher;
typedef struct zc_subscriber zc_subscriber;
typedef struct zc_sample_mut zc_sample_mut;
typedef struct zc_sample zc_sample;

/// A publish-subscribe service's type and options. Zero for a number or ZC_SETTING_UNSET means unset.
typedef struct zc_publish_subscribe_options {
    zc_type_details payload;
    const zc_type_details *user_header;  ///< NULL: none.
    uint64_t payload_alignment;          ///< At least the type's; a power of two.
    uint64_t max_publishers, max_subscribers, max_nodes;
    bool set_history_size;               ///< history_size counts only when set (0 is a valid size).
    uint64_t history_size;
    uint64_t subscriber_max_buffer_size, subscriber_max_borrowed_samples;
    zc_setting safe_overflow;
} zc_publish_subscribe_options;

zc_result zc_publish_subscribe_open(
    zc_node *node, const char *name, const zc_publish_subscribe_options *options, zc_open_mode mode,
    zc_publish_subscribe_service **out);
zc_result zc_publish_subscribe_drop(zc_publish_subscribe_service *service);

/// Publisher options; zero-initialised (or NULL) gives the defaults.
typedef struct zc_publisher_options {
    uint64_t max_loaned_samples;               ///< 0: the config's.
    zc_unable_to_deliver unable_to_deliver;    ///< DEFAULT: the config's.
    uint64_t initial_max_slice_len;            ///< 0: 1.
    zc_allocation_strategy allocation_strategy;
} zc_publisher_options;

zc_result zc_publisher_create(
    zc_publish_subscribe_service *service, const zc_publisher_options *options, zc_publisher **out);
zc_result zc_publisher_drop(zc_publisher *publisher);
zc_result zc_publisher_loan(zc_publisher *publisher, uint64_t count, zc_sample_mut **out);
zc_result zc_sample_mut_payload(zc_sample_mut *sample, void **payload, uint64_t *count);
zc_result zc_sample_mut_user_header(zc_sample_mut *sample, void **header);
/// Sends the sample; the loan is consumed. `receivers` (may be NULL) gets the number of subscribers reached.
zc_result zc_sample_mut_send(zc_sample_mut *sample, uint64_t *receivers);
zc_result zc_sample_mut_drop(zc_sample_mut *sample);

/// Subscriber options; zero-initialised (or NULL) gives the defaults.
typedef struct zc_subscriber_options {
    uint64_t buffer_size; ///< 0: the service's subscriber_max_buffer_size.
} zc_subscriber_options;

/// The header of a received sample.
typedef struct zc_publish_header { uint64_t publisher_id, sequence_number, number_of_elements; } zc_publish_header;

zc_result zc_subscriber_create(
    zc_publish_subscribe_service *service, const zc_subscriber_options *options, zc_subscriber **out);
zc_result zc_subscriber_drop(zc_subscriber *subscriber);
/// Takes the next sample, waiting up to `timeout_ns`; `*out` is NULL when none came (ZC_OK).
zc_result zc_subscriber_receive(zc_subscriber *subscriber, uint64_t timeout_ns, zc_sample **out);
zc_result zc_sample_payload(zc_sample *sample, const void **payload, uint64_t *count);
zc_result zc_sample_user_header(zc_sample *sample, const void **header);
zc_result zc_sample_header_of(zc_sample *sample, zc_publish_header *out);
zc_result zc_sample_drop(zc_sample *sample);

// MARK: - Events

typedef struct zc_event_service zc_event_service;
typedef struct zc_notifier zc_notifier;
typedef struct zc_listener zc_listener;

/// An event service's options; zero-initialised (or NULL) takes the config's defaults when creating and accepts
/// the service's when opening. A zero limit is unset; each zc_setting is UNSET, OFF (none) or ON (its value).
typedef struct zc_event_options {
    uint64_t max_notifiers, max_listeners, max_nodes;
    bool set_event_id_max_value;   ///< event_id_max_value counts only when set (0 is a valid maximum).
    uint64_t event_id_max_value;
    zc_setting deadline;           ///< ON: a notification at least every deadline_ns; OFF: no deadline.
    uint64_t deadline_ns;
    zc_setting notifier_created_event, notifier_dropped_event, notifier_dead_event;  ///< ON: the ids below.
    uint64_t notifier_created_event_id, notifier_dropped_event_id, notifier_dead_event_id;
} zc_event_options;

/// Opens, creates or opens-or-creates the event service `name`. `options` may be NULL.
zc_result zc_event_open(
    zc_node *node, const char *name, const zc_event_options *options, zc_open_mode mode, zc_event_service **out);
zc_result zc_event_drop(zc_event_service *service);
/// The number of notifiers and of listeners connected now (either out-parameter may be NULL).
zc_result zc_event_number_of_ports(zc_event_service *service, uint64_t *notifiers, uint64_t *listeners);

/// Notifier options; zero-initialised (or NULL) gives the defaults.
typedef struct zc_notifier_options {
    bool set_default_event_id;     ///< default_event_id counts only when set.
    uint64_t default_event_id;     ///< The id zc_notifier_notify_default sends (default 0).
} zc_notifier_options;

zc_result zc_notifier_create(zc_event_service *service, const zc_notifier_options *options, zc_notifier **out);
zc_result zc_notifier_drop(zc_notifier *notifier);
zc_result zc_notifier_id(zc_notifier *notifier, uint64_t *out);
/// Notifies every listener of `event_id`; `listeners` (may be NULL) gets how many were reached, also when the
/// result is ZC_ERROR_MISSED_DEADLINE (the notification was delivered).
zc_result zc_notifier_notify(zc_notifier *notifier, uint64_t event_id, uint64_t *listeners);
/// zc_notifier_notify with the notifier's default event id.
zc_result zc_notifier_notify_default(zc_notifier *notifier, uint64_t *listeners);

zc_result zc_listener_create(zc_event_service *service, zc_listener **out);
zc_result zc_listener_drop(zc_listener *listener);
zc_result zc_listener_id(zc_listener *listener, uint64_t *out);
/// Takes one pending event id, waiting up to `timeout_ns`; `*received` is false when none came (ZC_OK). Each id
/// notified since the last wait is handed out once, however often it was notified.
zc_result zc_listener_wait_one(zc_listener *listener, uint64_t timeout_ns, bool *received, uint64_t *event_id);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // ZEROCOPYIPC_H
