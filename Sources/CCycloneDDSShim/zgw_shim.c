#include "zgw_shim.h"
#include <stdlib.h>
#include <string.h>

dds_entity_t zgw_create_participant(uint32_t domain, const char *config) {
    dds_entity_t created = dds_create_domain(domain, config);
    if (created < 0 && created != DDS_RETCODE_PRECONDITION_NOT_MET) return created;
    return dds_create_participant(domain, NULL, NULL);
}

dds_entity_t zgw_create_topic(dds_entity_t participant, const char *name) {
    return dds_create_topic(participant, &zcipc_gateway_Frame_desc, name, NULL, NULL);
}

static dds_qos_t *zgw_qos(bool durable, const char *partition, int64_t lease_ns) {
    dds_qos_t *qos = dds_create_qos();
    dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(10));
    if (durable) {
        dds_qset_durability(qos, DDS_DURABILITY_TRANSIENT_LOCAL);
        dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, 1);
    } else {
        dds_qset_durability(qos, DDS_DURABILITY_VOLATILE);
        dds_qset_history(qos, DDS_HISTORY_KEEP_ALL, DDS_LENGTH_UNLIMITED);
    }
    dds_qset_liveliness(qos, DDS_LIVELINESS_AUTOMATIC, lease_ns);
    dds_qset_ignorelocal(qos, DDS_IGNORELOCAL_PARTICIPANT);
    if (partition != NULL && partition[0] != '\0') dds_qset_partition1(qos, partition);
    return qos;
}

dds_entity_t zgw_create_writer(dds_entity_t participant, dds_entity_t topic, bool durable, const char *partition,
                               int64_t lease_ns) {
    dds_qos_t *qos = zgw_qos(durable, partition, lease_ns);
    // No autodispose: a writer that goes without withdrawing (its process killed, its lease lost) must leave its
    // instances "without writers", which readers tell apart from a withdrawal (disposed).
    dds_qset_writer_data_lifecycle(qos, false);
    dds_entity_t writer = dds_create_writer(participant, topic, qos, NULL);
    dds_delete_qos(qos);
    return writer;
}

dds_entity_t zgw_create_reader(dds_entity_t participant, dds_entity_t topic, bool durable, const char *partition,
                               int64_t lease_ns) {
    dds_qos_t *qos = zgw_qos(durable, partition, lease_ns);
    dds_entity_t reader = dds_create_reader(participant, topic, qos, NULL);
    dds_delete_qos(qos);
    return reader;
}

dds_entity_t zgw_create_waitset(dds_entity_t participant, const dds_entity_t *readers, int count) {
    dds_entity_t waitset = dds_create_waitset(participant);
    if (waitset < 0) return waitset;
    for (int i = 0; i < count; i++) {
        dds_entity_t condition = dds_create_readcondition(readers[i], DDS_ANY_STATE);
        if (condition < 0) return condition;
        dds_return_t rc = dds_waitset_attach(waitset, condition, readers[i]);
        if (rc < 0) return rc;
    }
    return waitset;
}

dds_return_t zgw_write(dds_entity_t writer, const char *channel, const uint8_t *data, uint32_t length) {
    zcipc_gateway_Frame frame;
    frame.channel = (char *)channel;
    frame.data._maximum = length;
    frame.data._length = length;
    frame.data._buffer = (uint8_t *)data;
    frame.data._release = false;
    return dds_write(writer, &frame);
}

dds_return_t zgw_withdraw(dds_entity_t writer, const char *channel) {
    zcipc_gateway_Frame frame;
    memset(&frame, 0, sizeof frame);
    frame.channel = (char *)channel;
    return dds_writedispose(writer, &frame);
}

int zgw_take(dds_entity_t reader, zgw_sample *out, void **loans, int max) {
    dds_sample_info_t infos[64];
    if (max > 64) max = 64;
    for (int i = 0; i < max; i++) loans[i] = NULL;
    int n = dds_take(reader, loans, infos, (size_t)max, (uint32_t)max);
    for (int i = 0; i < n; i++) {
        const zcipc_gateway_Frame *frame = loans[i];
        out[i].channel = frame->channel ? frame->channel : "";
        out[i].data = frame->data._buffer;
        out[i].length = infos[i].valid_data ? frame->data._length : 0;
        out[i].valid = infos[i].valid_data ? 1 : 0;
        switch (infos[i].instance_state) {
        case DDS_IST_NOT_ALIVE_DISPOSED: out[i].instance_state = 1; break;
        case DDS_IST_NOT_ALIVE_NO_WRITERS: out[i].instance_state = 2; break;
        default: out[i].instance_state = 0; break;
        }
    }
    return n;
}

void zgw_return_loan(dds_entity_t reader, void **loans, int count) {
    if (count > 0) dds_return_loan(reader, loans, count);
}

typedef struct zgw_arrival { void (*callback)(void *); void *context; } zgw_arrival;

static void zgw_on_data_available(dds_entity_t reader, void *arg) {
    (void)reader;
    zgw_arrival *arrival = arg;
    arrival->callback(arrival->context);
}

dds_return_t zgw_set_arrival_callback(dds_entity_t reader, void (*callback)(void *), void *context) {
    // Lives as long as the process: one per reader, and readers live as long as the gateway.
    zgw_arrival *arrival = malloc(sizeof *arrival);
    if (arrival == NULL) return DDS_RETCODE_OUT_OF_RESOURCES;
    arrival->callback = callback;
    arrival->context = context;
    dds_listener_t *listener = dds_create_listener(arrival);
    dds_lset_data_available(listener, zgw_on_data_available);
    dds_return_t rc = dds_set_listener(reader, listener);
    dds_delete_listener(listener);
    return rc;
}
