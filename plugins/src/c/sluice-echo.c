/*
 * The C SDK's kitchen sink: the echo plugin of plugins/src/rust/sluice-echo, line for line (the
 * harness checks both builds answer exactly alike). See that file for what it does.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice_plugin.h"

/* A growable text buffer for the log lines. */
typedef struct {
    char *ptr;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->ptr = realloc(t->ptr, t->cap);
        if (!t->ptr) __builtin_trap();
    }
    memcpy(t->ptr + t->len, s, n);
    t->len += n;
    t->ptr[t->len] = 0;
}

static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

static void hex(text *t, const uint8_t *bytes, size_t len) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        char pair[2] = {digits[bytes[i] >> 4], digits[bytes[i] & 15]};
        put(t, pair, 2);
    }
}

static void describe(text *t, const sluice_record *r) {
    char number[64];
    puts_(t, "topic=");
    put(t, r->topic.ptr, r->topic.len);
    snprintf(number, sizeof number, " partition=%" PRIu32 " key=", r->partition);
    puts_(t, number);
    if (r->has_key)
        hex(t, r->key.ptr, r->key.len);
    else
        puts_(t, "none");
    puts_(t, " value=");
    hex(t, r->value.ptr, r->value.len);
    puts_(t, " headers=[");
    for (size_t i = 0; i < r->headers.len; i++) {
        if (i) puts_(t, ",");
        put(t, r->headers.ptr[i].key.ptr, r->headers.ptr[i].key.len);
        puts_(t, "=");
        hex(t, r->headers.ptr[i].value.ptr, r->headers.ptr[i].value.len);
    }
    snprintf(number, sizeof number, "] timestamp=%" PRId64, r->timestamp);
    puts_(t, number);
}

static void log_text(sluice_level level, text *t) {
    sluice_log(level, t->ptr ? t->ptr : "", t->len);
    free(t->ptr);
    *t = (text){0};
}

static int is(const sluice_bytes *b, const char *word) {
    return b && b->len == strlen(word) && memcmp(b->ptr, word, b->len) == 0;
}

static void reversed(const uint8_t *src, size_t len, uint8_t *dst) {
    for (size_t i = 0; i < len; i++) dst[i] = src[len - 1 - i];
}

void sluice_plugin_init(sluice_registration *registration) {
    char *fail = sluice_config("fail");
    if (fail) {
        char message[600];
        int n = snprintf(message, sizeof message, "init failed: %s", fail);
        sluice_init_fail(registration, message, (size_t)n);
        free(fail);
        return;
    }
    text line = {0};
    char *wants = sluice_config("wants-stored");
    int wants_stored = wants && strcmp(wants, "true") == 0;
    free(wants);
    if (wants_stored) sluice_want_stored(registration);
    puts_(&line, wants_stored ? "init wants-stored=true subscriptions=[" : "init wants-stored=false subscriptions=[");
    char *list = sluice_config("subscriptions");
    if (list) {
        const char *start = list;
        for (const char *p = list;; p++) {
            if (*p == ',' || *p == 0) {
                sluice_subscribe(registration, start, (size_t)(p - start));
                put(&line, start, (size_t)(p - start));
                if (*p == 0) break;
                puts_(&line, ",");
                start = p + 1;
            }
        }
        free(list);
    }
    puts_(&line, "]");
    log_text(SLUICE_DEBUG, &line);
}

void sluice_plugin_on_records(const sluice_record *records, size_t count, sluice_verdicts *verdicts) {
    sluice_logf(SLUICE_TRACE, "on-records with %zu records", count);
    for (size_t i = 0; i < count; i++) {
        const sluice_record *r = &records[i];
        text line = {0};
        describe(&line, r);
        const sluice_bytes *verdict = sluice_record_header(r, "verdict");
        if (is(verdict, "reject")) sluice_reject(verdicts, i, line.ptr, line.len);
        log_text(SLUICE_INFO, &line);
        if (is(verdict, "drop")) {
            sluice_drop(verdicts, i);
        } else if (is(verdict, "replace")) {
            uint8_t *buf = malloc(r->value.len + r->key.len + 1);
            if (!buf) __builtin_trap();
            reversed(r->value.ptr, r->value.len, buf);
            sluice_output *full = sluice_emit(verdicts, i, buf, r->value.len);
            text topic = {0};
            put(&topic, r->topic.ptr, r->topic.len);
            puts_(&topic, ".echo");
            sluice_output_topic(full, topic.ptr, topic.len);
            free(topic.ptr);
            sluice_output_partition(full, r->partition + 1);
            sluice_output_timestamp(full, (int64_t)((uint64_t)r->timestamp + 1));
            if (r->has_key) {
                reversed(r->key.ptr, r->key.len, buf);
                sluice_output_key(full, buf, r->key.len);
            }
            free(buf);
            for (size_t h = r->headers.len; h-- > 0;) {
                const sluice_header *header = &r->headers.ptr[h];
                sluice_output_header(full, header->key.ptr, header->key.len, header->value.ptr, header->value.len);
            }
            static const char check[] = "✓";
            sluice_output_header(full, "echo", 4, (const uint8_t *)check, sizeof check - 1);
            sluice_emit(verdicts, i, r->value.ptr, r->value.len);
        }
    }
}

void sluice_plugin_on_stored(const sluice_stored *records, size_t count) {
    for (size_t i = 0; i < count; i++) {
        text line = {0};
        char number[48];
        snprintf(number, sizeof number, "stored at %" PRIu64 ": ", records[i].offset);
        puts_(&line, number);
        describe(&line, &records[i].record);
        log_text(SLUICE_INFO, &line);
    }
}

/* Logs "<what> -> ok[ <value>]" or "<what> -> err <message>" and frees the error. */
static void show(const char *what, char *error, const char *value) {
    if (error)
        sluice_logf(SLUICE_INFO, "%s -> err %s", what, error);
    else if (value && *value)
        sluice_logf(SLUICE_INFO, "%s -> ok %s", what, value);
    else
        sluice_logf(SLUICE_INFO, "%s -> ok", what);
    free(error);
}

static void show_get(const char *what, const char *key) {
    int found;
    sluice_buf value;
    char *error = sluice_state_get(key, &found, &value);
    text t = {0};
    if (!error) {
        if (found) {
            puts_(&t, "some ");
            hex(&t, value.ptr, value.len);
        } else {
            puts_(&t, "none");
        }
    }
    show(what, error, t.ptr);
    free(t.ptr);
    free(value.ptr);
}

void sluice_plugin_on_event(sluice_str channel, sluice_bytes payload) {
    text line = {0};
    puts_(&line, "event on ");
    put(&line, channel.ptr, channel.len);
    puts_(&line, ": ");
    hex(&line, payload.ptr, payload.len);
    log_text(SLUICE_WARN, &line);

    sluice_counter_add("events", 1);
    sluice_counter_add("event_bytes", payload.len);
    sluice_gauge_set("last_event_size", (double)payload.len);
    sluice_histogram_record("event_size", (double)payload.len + 0.5);

    char *key = malloc(channel.len + 1);
    if (!key) __builtin_trap();
    memcpy(key, channel.ptr, channel.len);
    key[channel.len] = 0;
    show("state.set", sluice_state_set(key, payload.ptr, payload.len), NULL);
    show_get("state.get", key);
    show_get("state.get missing", "missing");
    int64_t count = 0;
    char *error = sluice_state_increment("count", -3, &count);
    char number[24];
    snprintf(number, sizeof number, "%" PRId64, count);
    show("state.increment", error, number);
    show("state.delete", sluice_state_delete(key), NULL);
    show("events.publish", sluice_events_publish("audit", payload.ptr, payload.len), NULL);
    free(key);

    const sluice_http_header headers[] = {{"x-one", "1"}, {"x-one", "2"}};
    sluice_http_request request = {"POST", "http://127.0.0.1:9/echo", headers, 2, payload.ptr, payload.len};
    sluice_http_response response;
    error = sluice_http_send(&request, &response);
    text t = {0};
    if (!error) {
        snprintf(number, sizeof number, "%u [", (unsigned)response.status);
        puts_(&t, number);
        for (size_t i = 0; i < response.headers_len; i++) {
            if (i) puts_(&t, ",");
            puts_(&t, response.headers[i].name);
            puts_(&t, ":");
            puts_(&t, response.headers[i].value);
        }
        puts_(&t, "] ");
        hex(&t, response.body.ptr, response.body.len);
        sluice_http_response_free(&response);
    }
    show("http.send", error, t.ptr);
    free(t.ptr);
    static const char done[] = "event done";
    sluice_log(SLUICE_ERROR, done, sizeof done - 1);
}
