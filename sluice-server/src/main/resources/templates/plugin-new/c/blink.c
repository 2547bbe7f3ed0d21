/*
 * {{name}}: a Blink plugin (the blink:plugin@0.1.0 world) in C.
 *
 * Rejects a record whose value contains "forbidden" and accepts every other one. Sluice gives
 * the producer the last warning logged during the call as the reason, so log why you reject.
 *
 * The canonical ABI is written out by hand: strings arrive as (pointer, length) in memory the
 * host allocated through our cabi_realloc; they are ours to free.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum level { TRACE, DEBUG, INFO, WARN, ERROR };

__attribute__((import_module("blink:plugin/host@0.1.0"), import_name("log")))
extern void host_log(int32_t level, const char *ptr, size_t len);

static void log_str(enum level level, const char *msg) { host_log(level, msg, strlen(msg)); }

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size; /* malloc's 16-byte alignment covers every canonical-ABI alignment */
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

static int contains(const char *hay, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(hay + i, needle, n) == 0) return 1;
    }
    return 0;
}

/* init returns option<u16> through a return area: {u8 tag @0, u16 port @2}. */
static _Alignas(4) uint8_t init_area[4];

__attribute__((export_name("blink:plugin/plugin@0.1.0#init")))
uint8_t *blink_init(void) {
    log_str(INFO, "{{name}} ready");
    init_area[0] = 0; /* none: no port needed */
    return init_area;
}

__attribute__((export_name("blink:plugin/plugin@0.1.0#on-record")))
int32_t blink_on_record(char *topic, size_t topic_len, uint32_t partition, int32_t key_tag,
                        char *key, size_t key_len, char *value, size_t value_len) {
    (void)partition;
    int32_t accept = 1;
    if (contains(value, value_len, "forbidden")) {
        log_str(WARN, "value contains \"forbidden\"");
        accept = 0;
    }
    release(topic, topic_len);
    if (key_tag) release(key, key_len);
    release(value, value_len);
    return accept;
}
