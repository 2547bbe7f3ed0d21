/*
 * Fixture: exercises ourchat.set_message and ourchat.set_header where they are allowed and where
 * they are not, and logs each return code ("<what> -> <code>") for the tests to read. Built by
 * plugins/build.sh (clang, freestanding, no allocator). The message on_message_send gets is a
 * command:
 *   rewrite:TEXT  set_message(TEXT), then headers probe=1 and probe=2 (a key twice); returns 0
 *   block:TEXT    set_message(TEXT) and a header, then returns 1 (block)
 *   trap:TEXT     set_message(TEXT), then traps
 *   big           set_message of 2 MiB (refused before the host reads it); returns 0
 *   headers       set_header 70 times, logging the first refusal; returns 0
 *   header-bytes  set_header with a 20000-byte value; returns 0
 *   empty-key     set_header with an empty key; returns 0
 *   anything else nothing; returns 0
 * on_message_sent, on_plugin_load and on_user_created try set_message and log the code;
 * on_user_created also logs its payload. on_boom traps; on_status_fail returns 2.
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((import_module("ourchat"), import_name("log")))
extern void oc_log(int32_t level, const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("set_message")))
extern int32_t oc_set_message(const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("set_header")))
extern int32_t oc_set_header(const char *key, size_t key_len, const char *val, size_t val_len);

static size_t put(char *buf, size_t at, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) buf[at + i] = s[i];
    return at + n;
}

static void report(const char *what, size_t n, int32_t code) {
    char line[128];
    size_t at = put(line, 0, what, n);
    at = put(line, at, " -> ", 4);
    if (code < 0) { line[at++] = '-'; code = -code; }
    char digits[12];
    size_t d = 0;
    do { digits[d++] = (char)('0' + code % 10); code /= 10; } while (code);
    while (d) line[at++] = digits[--d];
    oc_log(2, line, at);
}

#define REPORT(what, code) report(what, sizeof what - 1, code)

static int starts(const char *msg, size_t len, const char *prefix, size_t n) {
    if (len < n) return 0;
    for (size_t i = 0; i < n; i++) if (msg[i] != prefix[i]) return 0;
    return 1;
}

#define STARTS(msg, len, lit) starts(msg, len, lit, sizeof lit - 1)

static char filler[20000];

__attribute__((export_name("on_message_send")))
int32_t on_message_send(const char *msg, size_t len) {
    if (STARTS(msg, len, "rewrite:")) {
        REPORT("set_message", oc_set_message(msg + 8, len - 8));
        REPORT("set_header", oc_set_header("probe", 5, "1", 1));
        REPORT("set_header", oc_set_header("probe", 5, "2", 1));
        return 0;
    }
    if (STARTS(msg, len, "block:")) {
        oc_set_message(msg + 6, len - 6);
        oc_set_header("probe", 5, "blocked", 7);
        static const char why[] = "probe blocks";
        oc_log(3, why, sizeof why - 1);
        return 1;
    }
    if (STARTS(msg, len, "trap:")) {
        oc_set_message(msg + 5, len - 5);
        __builtin_trap();
    }
    if (STARTS(msg, len, "big")) {
        REPORT("set_message big", oc_set_message(filler, 2u << 20));
        return 0;
    }
    if (STARTS(msg, len, "headers")) {
        for (int i = 1; i <= 70; i++) {
            int32_t rc = oc_set_header("h", 1, "v", 1);
            if (rc != 0) {
                report("header", 6, i);
                REPORT("set_header", rc);
                break;
            }
        }
        return 0;
    }
    if (STARTS(msg, len, "header-bytes")) {
        REPORT("set_header bytes", oc_set_header("k", 1, filler, sizeof filler));
        return 0;
    }
    if (STARTS(msg, len, "empty-key")) {
        REPORT("set_header empty", oc_set_header("", 0, "v", 1));
        return 0;
    }
    return 0;
}

__attribute__((export_name("on_message_sent")))
void on_message_sent(const char *msg, size_t len) {
    (void)msg;
    (void)len;
    REPORT("on_message_sent set_message", oc_set_message("x", 1));
}

__attribute__((export_name("on_plugin_load")))
void on_plugin_load(void) {
    REPORT("on_plugin_load set_header", oc_set_header("k", 1, "v", 1));
}

__attribute__((export_name("on_user_created")))
int32_t on_user_created(const char *payload, size_t len) {
    REPORT("on_user_created set_message", oc_set_message("x", 1));
    oc_log(2, payload, len);
    return 0;
}

__attribute__((export_name("on_boom")))
void on_boom(const char *payload, size_t len) {
    (void)payload;
    (void)len;
    __builtin_trap();
}

__attribute__((export_name("on_status_fail")))
int32_t on_status_fail(const char *payload, size_t len) {
    (void)payload;
    (void)len;
    return 2;
}
