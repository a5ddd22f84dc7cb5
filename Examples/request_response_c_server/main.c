// The server of the request_response example, in C: the same service, payloads and behaviour as the Swift
// server (Examples/request_response_server), so it answers the Swift client, and the Swift server answers a C
// client, in any combination. The payload types and the typed wrappers (MyFunkServiceName_*) come from the header
// `ipcgen c` generates from Definitions/TransmissionData.ipcdef. Build and run with ./run.sh; Ctrl-C ends it.

#include "zerocopyipc.h"
#include "TransmissionData.h"

#include <stdio.h>
#include <stdlib.h>

/// Prints the error of a failed call and ends the process.
static void check(zc_result result, const char *what) {
    if (result == ZC_OK) return;
    fprintf(stderr, "error: %s: %s: %s\n", what, zc_result_name(result), zc_last_error_message());
    exit(1);
}

/// Loans a response to `request`, writes `data` in place and sends it. Returns false when the client left after
/// sending the request (Ctrl-C, say): nobody to answer, but the server keeps serving others.
static bool respond(zc_active_request *request, TransmissionData data) {
    zc_response_mut *response = NULL;
    TransmissionData *payload = NULL;
    check(MyFunkServiceName_active_request_loan(request, &response, &payload), "loan");
    *payload = data;
    printf("  send response: TransmissionData(x: %d, y: %d, funky: %g)\n", payload->x, payload->y, payload->funky);
    zc_result result = zc_response_mut_send(response);
    if (result == ZC_ERROR_CONNECTION_CLOSED) {
        printf("  client left before the response went out\n");
        return false;
    }
    check(result, "send");
    return true;
}

int main(void) {
    zc_node_options node_options = {0};
    node_options.name = "request_response_c_server";
    zc_node *node = NULL;
    check(zc_node_create(&node_options, &node), "node");
    zc_request_response_service *service = NULL;
    check(MyFunkServiceName_open(node, ZC_OPEN_OR_CREATE, &service), "service");
    zc_server *server = NULL;
    check(zc_server_create(service, NULL, &server), "server");
    printf("Server ready to receive requests!\n");
    fflush(stdout);

    int32_t counter = 0;
    // zc_node_wait sleeps between polls and fails on SIGINT/SIGTERM, which ends the loop.
    while (zc_node_wait(node, 100 * 1000 * 1000) == ZC_OK) {
        zc_active_request *request = NULL;
        for (;;) {
            check(zc_server_receive(server, 0, &request), "receive");
            if (request == NULL) break;
            const uint64_t *value = NULL;
            check(MyFunkServiceName_active_request_payload(request, &value), "payload");
            printf("received request: %llu\n", (unsigned long long)*value);
            bool connected = respond(request, (TransmissionData){.x = 5 + counter, .y = 6 * counter, .funky = 7.77});
            // Odd requests get one more response: a response stream.
            for (int32_t n = 0; connected && n < (int32_t)(*value % 2); n++) {
                connected = respond(request, (TransmissionData){
                    .x = counter * (n + 1), .y = counter + n, .funky = (double)counter * 0.1234});
            }
            // Dropping the active request tells the client that no more responses come.
            check(zc_active_request_drop(request), "drop");
            fflush(stdout);
        }
        counter += 1;
    }
    check(zc_server_drop(server), "drop server");
    check(zc_request_response_drop(service), "drop service");
    check(zc_node_drop(node), "drop node");
    printf("exit\n");
    return 0;
}
