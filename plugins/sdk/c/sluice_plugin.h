/*
 * Write a plugin for Sluice's own contract, the `sluice:plugin@0.1.0` world, in C.
 *
 * Hand-written canonical-ABI bindings (plugins/sdk/c/sluice_plugin.c): build both files with
 * wasi-libc as a reactor, then make a component with the world's WIT and the reactor adapter:
 *
 *   clang --target=wasm32-wasi -O2 -mexec-model=reactor -I plugins/sdk/c \
 *       -o my-plugin.wasm my-plugin.c plugins/sdk/c/sluice_plugin.c
 *   node plugins/tools/componentize.mjs my-plugin.wasm plugins/sdk/wit/sluice-plugin.wit \
 *       sluice-plugin my-plugin-component.wasm
 *
 * A plugin defines sluice_plugin_on_records, and may define sluice_plugin_init,
 * sluice_plugin_on_stored and sluice_plugin_on_event (the SDK's defaults do nothing).
 *
 * Memory: what the SDK hands you (records, channel, payload) is valid during the call only.
 * What you hand the SDK (reasons, outputs) is copied. What an import returns to you (config,
 * state, http) is yours: free it with free() (sluice_http_response_free for a response).
 */
#ifndef SLUICE_PLUGIN_H
#define SLUICE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- types, laid out exactly as the canonical ABI lays them out on wasm32 ---- */

/* A `string` (UTF-8, not NUL-terminated). */
typedef struct {
    const char *ptr;
    size_t len;
} sluice_str;

/* A `list<u8>`. */
typedef struct {
    const uint8_t *ptr;
    size_t len;
} sluice_bytes;

/* One record header; keys may repeat. */
typedef struct {
    sluice_str key;
    sluice_bytes value;
} sluice_header;

/* A record on its way into a topic. */
typedef struct {
    sluice_str topic;
    uint32_t partition;
    uint8_t has_key; /* 0: no key (key is then empty) */
    sluice_bytes key;
    sluice_bytes value;
    struct {
        const sluice_header *ptr;
        size_t len;
    } headers;
    int64_t timestamp; /* ms since the Unix epoch */
} sluice_record;

/* A stored record and its offset (on_stored). */
typedef struct {
    sluice_record record;
    uint64_t offset;
} sluice_stored;

typedef enum { SLUICE_TRACE, SLUICE_DEBUG, SLUICE_INFO, SLUICE_WARN, SLUICE_ERROR } sluice_level;

/* The first header with this key (NUL-terminated), or NULL. */
const sluice_bytes *sluice_record_header(const sluice_record *record, const char *key);

/* ---- what a plugin implements ---- */

typedef struct sluice_registration sluice_registration;
typedef struct sluice_verdicts sluice_verdicts;
typedef struct sluice_output sluice_output;

/* Runs once per instance before anything else. Ask for on_stored calls and subscribe to
 * channels through the registration; sluice_init_fail makes the load fail with a message. */
void sluice_plugin_init(sluice_registration *registration);
void sluice_want_stored(sluice_registration *registration);
void sluice_subscribe(sluice_registration *registration, const char *channel, size_t len);
void sluice_init_fail(sluice_registration *registration, const char *message, size_t len);

/* One verdict per record: every record starts accepted; change it with the calls below. */
void sluice_plugin_on_records(const sluice_record *records, size_t count, sluice_verdicts *verdicts);
void sluice_plugin_on_stored(const sluice_stored *records, size_t count);
void sluice_plugin_on_event(sluice_str channel, sluice_bytes payload);

/* Rejects record i; the reason (copied) goes back to the producer. */
void sluice_reject(sluice_verdicts *verdicts, size_t i, const char *reason, size_t len);
/* Drops record i quietly (replace with no outputs). */
void sluice_drop(sluice_verdicts *verdicts, size_t i);
/* Replaces record i by one more output with this value (copied): no key, no headers, and the
 * input's topic and timestamp unless set below. Each call adds one output. */
sluice_output *sluice_emit(sluice_verdicts *verdicts, size_t i, const uint8_t *value, size_t len);
/* The same, starting from a copy of the record's key, value and headers. */
sluice_output *sluice_emit_copy(sluice_verdicts *verdicts, size_t i, const sluice_record *record);
/* Setters of an output (everything is copied). */
void sluice_output_topic(sluice_output *output, const char *topic, size_t len);
void sluice_output_partition(sluice_output *output, uint32_t partition);
void sluice_output_key(sluice_output *output, const uint8_t *key, size_t len);
void sluice_output_no_key(sluice_output *output);
void sluice_output_value(sluice_output *output, const uint8_t *value, size_t len);
void sluice_output_header(sluice_output *output, const char *key, size_t key_len,
                          const uint8_t *value, size_t value_len);
void sluice_output_timestamp(sluice_output *output, int64_t millis);

/* ---- the host's side: host and metrics are always granted ---- */

void sluice_log(sluice_level level, const char *message, size_t len);
void sluice_logf(sluice_level level, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* The operator's configuration value for `key` as a NUL-terminated string you free(), or NULL. */
char *sluice_config(const char *key);

void sluice_counter_add(const char *name, uint64_t delta);
void sluice_gauge_set(const char *name, double value);
void sluice_histogram_record(const char *name, double value);

/* state, events and http need a permission. Each returns NULL on success, or the host's error
 * as a NUL-terminated string you free() (e.g. the permission is not granted). */

/* An owned byte buffer (free ptr with free()). */
typedef struct {
    uint8_t *ptr;
    size_t len;
} sluice_buf;

/* *found = 0 when the key has no value; otherwise *value holds it. */
char *sluice_state_get(const char *key, int *found, sluice_buf *value);
char *sluice_state_set(const char *key, const uint8_t *value, size_t len);
char *sluice_state_delete(const char *key);
char *sluice_state_increment(const char *key, int64_t delta, int64_t *result);
char *sluice_events_publish(const char *channel, const uint8_t *payload, size_t len);

typedef struct {
    const char *name; /* NUL-terminated */
    const char *value;
} sluice_http_header;

typedef struct {
    const char *method; /* NUL-terminated */
    const char *url;
    const sluice_http_header *headers;
    size_t headers_len;
    const uint8_t *body;
    size_t body_len;
} sluice_http_request;

typedef struct {
    uint16_t status;
    sluice_http_header *headers; /* owned: sluice_http_response_free */
    size_t headers_len;
    sluice_buf body;
} sluice_http_response;

char *sluice_http_send(const sluice_http_request *request, sluice_http_response *response);
void sluice_http_response_free(sluice_http_response *response);

#ifdef __cplusplus
}
#endif

#endif
