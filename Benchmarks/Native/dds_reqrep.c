// The engine's own cost for the gateway benchmark: request/reply over plain Cyclone DDS, two topics ("request",
// "reply") with a correlation header, as ROS 2 services do on Cyclone. Reliable, volatile, keep last 16;
// unicast peers only, multicast off, the same settings zcipc-gateway uses.
//
//   dds_reqrep server IFACE_ADDR PEER_ADDR SECONDS
//   dds_reqrep client IFACE_ADDR PEER_ADDR COUNT SIZE      prints "round trips N median_us M p90_us P"
//
// Build: idlc dds_reqrep_gen.idl && gcc -O2 -o dds_reqrep dds_reqrep.c dds_reqrep_gen.c -lddsc (see gateway-bench.sh)
#include <dds/dds.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dds_reqrep_gen.h"

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: see the comment at the top of dds_reqrep.c\n"); return 2; }
    int server = strcmp(argv[1], "server") == 0;
    char config[1024];
    snprintf(config, sizeof config,
             "<CycloneDDS><Domain id=\"any\"><General><Interfaces><NetworkInterface address=\"%s\"/></Interfaces>"
             "<AllowMulticast>false</AllowMulticast></General><Discovery><ParticipantIndex>auto</ParticipantIndex>"
             "<Peers><Peer Address=\"%s\"/></Peers></Discovery></Domain></CycloneDDS>", argv[2], argv[3]);
    dds_entity_t domain = dds_create_domain(7, config);
    if (domain < 0) { fprintf(stderr, "dds_create_domain: %s\n", dds_strretcode(domain)); return 1; }
    dds_entity_t participant = dds_create_participant(7, NULL, NULL);
    dds_entity_t request = dds_create_topic(participant, &zgwbench_Message_desc, "request", NULL, NULL);
    dds_entity_t reply = dds_create_topic(participant, &zgwbench_Message_desc, "reply", NULL, NULL);
    dds_qos_t *qos = dds_create_qos();
    dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(10));
    dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, 16);
    dds_entity_t writer = dds_create_writer(participant, server ? reply : request, qos, NULL);
    dds_entity_t reader = dds_create_reader(participant, server ? request : reply, qos, NULL);
    dds_delete_qos(qos);
    dds_entity_t waitset = dds_create_waitset(participant);
    dds_entity_t condition = dds_create_readcondition(reader, DDS_ANY_STATE);
    dds_waitset_attach(waitset, condition, reader);
    void *loans[1] = {NULL};
    dds_sample_info_t info;

    if (server) {
        int64_t end = now_ns() + (int64_t)(atof(argv[4]) * 1e9);
        printf("READY\n");
        fflush(stdout);
        while (now_ns() < end) {
            dds_waitset_wait(waitset, NULL, 0, DDS_MSECS(100));
            loans[0] = NULL;
            while (dds_take(reader, loans, &info, 1, 1) > 0) {
                if (info.valid_data) dds_write(writer, loans[0]);
                dds_return_loan(reader, loans, 1);
                loans[0] = NULL;
            }
        }
        dds_delete(participant);
        return 0;
    }

    int count = atoi(argv[4]);
    int size = argc > 5 ? atoi(argv[5]) : 8;
    // Wait (at most 20 s) until both directions are matched, then warm up with 100 untimed round trips.
    dds_set_status_mask(writer, DDS_PUBLICATION_MATCHED_STATUS);
    int64_t give_up = now_ns() + 20000000000LL;
    dds_publication_matched_status_t matched = {0};
    dds_subscription_matched_status_t subscribed = {0};
    while (now_ns() < give_up) {
        dds_get_publication_matched_status(writer, &matched);
        dds_get_subscription_matched_status(reader, &subscribed);
        if (matched.current_count > 0 && subscribed.current_count > 0) break;
        dds_sleepfor(DDS_MSECS(10));
    }
    if (matched.current_count == 0 || subscribed.current_count == 0) { fprintf(stderr, "no server matched\n"); return 1; }
    uint8_t *payload = calloc((size_t)size, 1);
    int64_t *samples = calloc((size_t)count, sizeof *samples);
    zgwbench_Message message = {.id = 0, .data = {._maximum = (uint32_t)size, ._length = (uint32_t)size, ._buffer = payload, ._release = false}};
    for (int i = -100; i < count; i++) {
        message.id = (uint64_t)(i + 100);
        int64_t start = now_ns();
        dds_write(writer, &message);
        int answered = 0;
        while (!answered) {
            if (now_ns() - start > 5000000000LL) { fprintf(stderr, "no reply to %d\n", i); return 1; }
            dds_waitset_wait(waitset, NULL, 0, DDS_MSECS(100));
            loans[0] = NULL;
            while (dds_take(reader, loans, &info, 1, 1) > 0) {
                if (info.valid_data && ((zgwbench_Message *)loans[0])->id == message.id) answered = 1;
                dds_return_loan(reader, loans, 1);
                loans[0] = NULL;
            }
        }
        if (i >= 0) samples[i] = now_ns() - start;
    }
    qsort(samples, (size_t)count, sizeof *samples, compare);
    printf("round trips %d median_us %.1f p90_us %.1f\n", count, samples[count / 2] / 1e3, samples[count * 9 / 10] / 1e3);
    dds_delete(participant);
    return 0;
}
