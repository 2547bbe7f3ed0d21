/*
 * The content filter for Sluice's own contract, in C with the SDK (plugins/sdk/c): the rules of
 * content-rules.h — the same as the Blink content filter — over a batch of byte records.
 * Rejects empty values, `sensitive-` topics without a key, and values containing "password";
 * the reason goes back to the producer.
 */
#include <stdio.h>
#include <string.h>

#include "content-rules.h"
#include "sluice_plugin.h"

static void reject(sluice_verdicts *verdicts, size_t i, const char *reason) {
    sluice_reject(verdicts, i, reason, strlen(reason));
}

void sluice_plugin_init(sluice_registration *registration) {
    (void)registration;
    static const char ready[] = "content filter ready";
    sluice_log(SLUICE_INFO, ready, sizeof ready - 1);
}

void sluice_plugin_on_records(const sluice_record *records, size_t count, sluice_verdicts *verdicts) {
    for (size_t i = 0; i < count; i++) {
        const sluice_record *r = &records[i];
        switch (content_check(r->topic.ptr, r->topic.len, r->has_key, (const char *)r->value.ptr, r->value.len)) {
        case CONTENT_EMPTY_VALUE:
            reject(verdicts, i, "rejected: empty value");
            break;
        case CONTENT_SENSITIVE_WITHOUT_KEY: {
            char reason[512];
            int n = snprintf(reason, sizeof reason, "rejected: sensitive topic %.*s requires a key",
                             (int)(r->topic.len > 400 ? 400 : r->topic.len), r->topic.ptr);
            sluice_reject(verdicts, i, reason, (size_t)n);
            break;
        }
        case CONTENT_PASSWORD:
            reject(verdicts, i, "rejected: value contains a password");
            break;
        case CONTENT_ACCEPT:
            break;
        }
    }
}
