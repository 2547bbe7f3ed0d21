/*
 * Accepts every record, doing nothing else: the benchmark's measure of what the host costs per
 * record on the sluice:plugin world (lowering the batch, calling, lifting the verdicts).
 */
#include <stddef.h>

#include "sluice_plugin.h"

void sluice_plugin_init(sluice_registration *registration) {
    (void)registration;
    static const char ready[] = "accept-all ready";
    sluice_log(SLUICE_DEBUG, ready, sizeof ready - 1);
}

void sluice_plugin_on_records(const sluice_record *records, size_t count, sluice_verdicts *verdicts) {
    (void)records;
    (void)count;
    (void)verdicts; /* every verdict starts as accept */
}
