/*
 * OurChat greeter: welcomes new users and notes new friendships, from the host events a chat
 * server dispatches (Sluice.dispatch("user_created", "{\"name\":\"alice\"}")). It has no message
 * hooks at all: event hooks are hooks too.
 *
 *   clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -o greeter.wasm ourchat-greeter.c
 *
 * on_user_created: reads "name" from the payload, logs a welcome, publishes it as event type 1
 *   ({"welcome":"<name>"}) and remembers it as config "last_user"; a payload without a "name"
 *   string returns 1, which the host counts as the hook failing.
 * on_friend_added: logs the payload with how many friendships this instance has seen (each
 *   instance counts its own; see docs/ourchat-plugins.md §6 for state shared by instances).
 * No allocator: the host places payloads in scratch pages of its own.
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((import_module("ourchat"), import_name("log")))
extern void oc_log(int32_t level, const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("set_config")))
extern void oc_set_config(const char *key, size_t key_len, const char *val, size_t val_len);
__attribute__((import_module("ourchat"), import_name("emit_event")))
extern void oc_emit_event(int32_t type, const char *ptr, size_t len);

enum { TRACE, DEBUG, INFO, WARN, ERROR };
enum { EVENT_WELCOME = 1 };

static size_t put(char *buf, size_t at, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) buf[at + i] = s[i];
    return at + n;
}

/*
 * Finds the string value of "name" in a JSON object, as written (escapes kept): enough for the
 * flat payloads chat servers send. Returns its length and sets *value, or returns -1.
 */
static long find_name(const char *json, size_t len, const char **value) {
    static const char key[] = "\"name\"";
    size_t k = sizeof key - 1;
    for (size_t i = 0; i + k <= len; i++) {
        size_t j = 0;
        while (j < k && json[i + j] == key[j]) j++;
        if (j < k) continue;
        size_t at = i + k;
        while (at < len && (json[at] == ' ' || json[at] == ':')) at++;
        if (at >= len || json[at] != '"') return -1;
        size_t start = ++at;
        while (at < len && json[at] != '"') at += json[at] == '\\' ? 2 : 1;
        if (at >= len) return -1;
        *value = json + start;
        return (long)(at - start);
    }
    return -1;
}

__attribute__((export_name("on_user_created")))
int32_t on_user_created(const char *payload, size_t len) {
    const char *name;
    long n = find_name(payload, len, &name);
    if (n < 0) {
        static const char why[] = "user_created without a \"name\": not welcomed";
        oc_log(WARN, why, sizeof why - 1);
        return 1;
    }
    if (n > 200) n = 200;
    char line[256];
    size_t at = put(line, 0, "welcome, ", 9);
    at = put(line, at, name, (size_t)n);
    at = put(line, at, "!", 1);
    oc_log(INFO, line, at);

    char event[256];
    size_t e = put(event, 0, "{\"welcome\":\"", 12);
    e = put(event, e, name, (size_t)n); /* still JSON-escaped as it came */
    e = put(event, e, "\"}", 2);
    oc_emit_event(EVENT_WELCOME, event, e);
    oc_set_config("last_user", 9, name, (size_t)n);
    return 0;
}

static uint32_t friendships;

__attribute__((export_name("on_friend_added")))
void on_friend_added(const char *payload, size_t len) {
    friendships++;
    char line[220];
    size_t at = put(line, 0, "new friends (#", 14);
    char digits[10];
    size_t d = 0;
    uint32_t v = friendships;
    do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (d) line[at++] = digits[--d];
    at = put(line, at, "): ", 3);
    at = put(line, at, payload, len > 180 ? 180 : len);
    oc_log(INFO, line, at);
}
