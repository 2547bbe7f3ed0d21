/*
 * OurChat message logger: logs every stored message and counts them in the host's config store.
 *
 *   clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -o message-logger.wasm \
 *         ourchat-message-logger.c
 *
 * It deliberately exports no allocator: the host then places messages in scratch pages of its
 * own, above everything this module owns. Its hook takes the (msg_ptr, msg_len) shape.
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((import_module("ourchat"), import_name("log")))
extern void oc_log(int32_t level, const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("set_config")))
extern void oc_set_config(const char *key, size_t key_len, const char *val, size_t val_len);

enum { TRACE, DEBUG, INFO, WARN, ERROR };

static uint64_t seen;

static size_t put(char *buf, size_t at, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) buf[at + i] = s[i];
    return at + n;
}

static size_t put_number(char *buf, size_t at, uint64_t v) {
    char digits[20];
    size_t d = 0;
    do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (d) buf[at++] = digits[--d];
    return at;
}

__attribute__((export_name("on_plugin_load")))
void on_plugin_load(void) {
    static const char msg[] = "message logger loaded";
    oc_log(INFO, msg, sizeof msg - 1);
}

__attribute__((export_name("on_message_sent")))
void on_message_sent(const char *msg, size_t len) {
    char line[128];
    size_t at = put(line, 0, "message stored (", 16);
    at = put_number(line, at, len);
    at = put(line, at, " bytes): ", 9);
    at = put(line, at, msg, len > 64 ? 64 : len);
    oc_log(INFO, line, at);

    seen++;
    char count[20];
    size_t n = put_number(count, 0, seen);
    oc_set_config("messages_seen", 13, count, n);
}
