/*
 * The Blink content filter in C: the same rules as the Rust build.
 *
 *   clang --target=wasm32-wasi -O2 -mexec-model=reactor -o content-filter-c.wasm content-filter.c
 *
 * Rejects empty values, `sensitive-` topics without a key, and values containing "password",
 * logging one warning per rejection (Sluice reports it to the producer as the reason).
 * The canonical ABI is written out by hand: strings arrive as (pointer, length) in memory the
 * host allocated through our cabi_realloc; they are ours to free.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content-rules.h"

enum level { TRACE, DEBUG, INFO, WARN, ERROR };

__attribute__((import_module("blink:plugin/host@0.1.0"), import_name("log")))
extern void host_log(int32_t level, const char *ptr, size_t len);

static void log_str(enum level level, const char *msg) { host_log(level, msg, strlen(msg)); }

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    (void)align; /* malloc's 16-byte alignment covers every canonical-ABI alignment */
    if (new_size == 0) {
        free(old_ptr);
        return (void *)align;
    }
    void *ptr = realloc(old_ptr, new_size);
    if (!ptr) __builtin_trap();
    return ptr;
}

/* Frees a string the host passed in, unless it is the dangling pointer used for length 0. */
static void release(void *ptr, size_t len) {
    if (len) free(ptr);
}

static _Alignas(4) uint8_t init_area[4];

__attribute__((export_name("blink:plugin/plugin@0.1.0#init")))
uint8_t *blink_init(void) {
    log_str(INFO, "content filter ready");
    init_area[0] = 0; /* none: no port needed */
    return init_area;
}

__attribute__((export_name("blink:plugin/plugin@0.1.0#on-record")))
int32_t blink_on_record(char *topic, size_t topic_len, uint32_t partition, int32_t key_tag,
                        char *key, size_t key_len, char *value, size_t value_len) {
    (void)partition;
    int32_t accept = 0;
    switch (content_check(topic, topic_len, key_tag, value, value_len)) {
    case CONTENT_EMPTY_VALUE:
        log_str(WARN, "rejected: empty value");
        break;
    case CONTENT_SENSITIVE_WITHOUT_KEY: {
        char msg[512];
        int n = snprintf(msg, sizeof msg, "rejected: sensitive topic %.*s requires a key",
                         (int)(topic_len > 400 ? 400 : topic_len), topic);
        host_log(WARN, msg, (size_t)n);
        break;
    }
    case CONTENT_PASSWORD:
        log_str(WARN, "rejected: value contains a password");
        break;
    case CONTENT_ACCEPT:
        accept = 1;
        break;
    }
    release(topic, topic_len);
    if (key_tag) release(key, key_len);
    release(value, value_len);
    return accept;
}
