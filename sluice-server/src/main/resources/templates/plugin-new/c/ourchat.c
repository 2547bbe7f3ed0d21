/*
 * {{name}}: an OurChat plugin (OurChat's raw core-module ABI, imports from `ourchat`) in C,
 * freestanding: no C library, so the module imports nothing but `ourchat.log`.
 *
 * Blocks a message whose text contains "forbidden" and allows every other one. Sluice gives the
 * producer the last warning logged during the hook as the reason, so log why you block.
 * It exports no allocator: the host puts each message in scratch pages of its own.
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((import_module("ourchat"), import_name("log")))
extern void oc_log(int32_t level, const char *ptr, size_t len);

enum { TRACE, DEBUG, INFO, WARN, ERROR };

static size_t slen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static void log_str(int level, const char *msg) { oc_log(level, msg, slen(msg)); }

static int contains(const char *hay, size_t len, const char *needle) {
    size_t n = slen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        size_t j = 0;
        while (j < n && hay[i + j] == needle[j]) j++;
        if (j == n) return 1;
    }
    return 0;
}

__attribute__((export_name("on_plugin_load")))
int32_t on_plugin_load(void) {
    log_str(INFO, "{{name}} loaded");
    return 0; /* non-zero would fail the load */
}

/* Before a message is stored: 0 allows it, 1 blocks it. */
__attribute__((export_name("on_message_send")))
int32_t on_message_send(const char *msg, size_t len) {
    if (contains(msg, len, "forbidden")) {
        log_str(WARN, "value contains \"forbidden\"");
        return 1;
    }
    return 0;
}
