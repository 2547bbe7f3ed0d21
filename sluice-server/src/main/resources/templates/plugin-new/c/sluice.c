/*
 * {{name}}: a plugin for Sluice's own contract, the sluice:plugin@0.1.0 world, in C with the SDK
 * in sdk/c (sluice_plugin.h documents every call).
 *
 * For each record of a batch it answers one verdict:
 * - the value contains "forbidden": reject, with a reason the producer sees;
 * - the record already carries a `checked-by` header: accept it unchanged;
 * - otherwise: replace it with a copy that adds the header `checked-by: {{name}}`.
 */
#include <string.h>

#include "sluice_plugin.h"

static const char FORBIDDEN[] = "forbidden";
static const char HEADER[] = "checked-by";
static const char CHECKER[] = "{{name}}";

static int contains(const uint8_t *hay, size_t len, const char *needle, size_t n) {
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(hay + i, needle, n) == 0) return 1;
    }
    return 0;
}

void sluice_plugin_init(sluice_registration *registration) {
    (void)registration; /* no on-stored calls, no event channels */
    sluice_logf(SLUICE_INFO, "%s ready", CHECKER);
}

void sluice_plugin_on_records(const sluice_record *records, size_t count, sluice_verdicts *verdicts) {
    for (size_t i = 0; i < count; i++) { /* every record starts accepted */
        const sluice_record *r = &records[i];
        if (contains(r->value.ptr, r->value.len, FORBIDDEN, sizeof FORBIDDEN - 1)) {
            sluice_logf(SLUICE_WARN, "rejected a record on %.*s", (int)r->topic.len, r->topic.ptr);
            static const char reason[] = "value contains \"forbidden\"";
            sluice_reject(verdicts, i, reason, sizeof reason - 1);
        } else if (!sluice_record_header(r, HEADER)) {
            /* a copy of the record's key, value and headers, on its topic and partition */
            sluice_output *o = sluice_emit_copy(verdicts, i, r);
            sluice_output_header(o, HEADER, sizeof HEADER - 1, (const uint8_t *)CHECKER,
                                 sizeof CHECKER - 1);
        }
    }
}
