/*
 * The content filter as an Extism plugin, for the benchmark's Extism row: the same rules
 * (content-rules.h) behind Extism's documented kernel imports instead of the Blink contract.
 * Written against the imports directly because no Extism PDK can be downloaded here; these
 * few are all the filter needs.
 *
 *   clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -o plugins/bench/extism-content-filter.wasm \
 *       plugins/src/extism/content-filter.c
 *
 * Export `filter`. Input (built by the host per record):
 *   u32 topic_len, topic, i32 key_len (-1: no key), key, then the value up to the end.
 * Output: one byte, 1 accept / 0 reject. A rejection logs its reason at warn, as the Blink build
 * does. The function returns 0 (Extism's "no error") either way.
 */
#include <stdint.h>

#include "../c/content-rules.h"

#define EXTISM_IMPORT(name) __attribute__((import_module("extism:host/env"), import_name(name)))

EXTISM_IMPORT("input_length") extern uint64_t extism_input_length(void);
EXTISM_IMPORT("input_load_u8") extern uint32_t extism_input_load_u8(uint64_t offset);
EXTISM_IMPORT("input_load_u64") extern uint64_t extism_input_load_u64(uint64_t offset);
EXTISM_IMPORT("alloc") extern uint64_t extism_alloc(uint64_t length);
EXTISM_IMPORT("store_u8") extern void extism_store_u8(uint64_t offset, uint32_t value);
EXTISM_IMPORT("store_u64") extern void extism_store_u64(uint64_t offset, uint64_t value);
EXTISM_IMPORT("output_set") extern void extism_output_set(uint64_t offset, uint64_t length);
EXTISM_IMPORT("log_warn") extern void extism_log_warn(uint64_t offset);

/* Guest-side copy of the input: the kernel keeps it in its own memory. */
static uint8_t input[1 << 20];

static void copy_input(uint64_t length) {
    uint64_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word = extism_input_load_u64(i);
        for (int b = 0; b < 8; b++) input[i + b] = (uint8_t)(word >> (8 * b));
    }
    for (; i < length; i++) input[i] = (uint8_t)extism_input_load_u8(i);
}

static uint64_t to_kernel(const char *bytes, uint64_t length) {
    uint64_t offset = extism_alloc(length);
    for (uint64_t i = 0; i < length; i++) extism_store_u8(offset + i, (uint8_t)bytes[i]);
    return offset;
}

static void warn(const char *message) {
    uint64_t length = 0;
    while (message[length]) length++;
    extism_log_warn(to_kernel(message, length));
}

static uint32_t read_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

__attribute__((export_name("filter"))) int32_t filter(void) {
    uint64_t length = extism_input_length();
    if (length < 8 || length > sizeof input) return 1;
    copy_input(length);
    uint32_t topic_len = read_u32(input);
    if (4 + (uint64_t)topic_len + 4 > length) return 1;
    const char *topic = (const char *)input + 4;
    int32_t key_len = (int32_t)read_u32(input + 4 + topic_len);
    uint64_t value_at = 8 + (uint64_t)topic_len + (key_len > 0 ? (uint64_t)key_len : 0);
    if (value_at > length) return 1;
    const char *value = (const char *)input + value_at;

    uint8_t accept = 0;
    switch (content_check(topic, topic_len, key_len >= 0, value, length - value_at)) {
    case CONTENT_EMPTY_VALUE:
        warn("rejected: empty value");
        break;
    case CONTENT_SENSITIVE_WITHOUT_KEY:
        warn("rejected: sensitive topic requires a key");
        break;
    case CONTENT_PASSWORD:
        warn("rejected: value contains a password");
        break;
    case CONTENT_ACCEPT:
        accept = 1;
        break;
    }
    uint64_t out = extism_alloc(1);
    extism_store_u8(out, accept);
    extism_output_set(out, 1);
    return 0;
}
