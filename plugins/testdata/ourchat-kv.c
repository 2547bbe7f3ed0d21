/*
 * Test fixture for OurChat's state imports (kv_get, kv_set, kv_delete, kv_increment). Each message
 * is a command; the hook logs what the import answered and allows the message:
 *
 *   "set <key> <value>"   -> "set <code>"
 *   "get <key>"           -> "get <code>" (or "get <len> <value>" when found)
 *   "del <key>"           -> "del <code>"
 *   "inc <key> <delta>"   -> "inc <code> <new value>"
 *
 * A bump allocator (alloc, never freed within a call) receives kv_get's values.
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((import_module("ourchat"), import_name("log")))
extern void oc_log(int32_t level, const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("kv_get")))
extern int64_t kv_get(const char *key, size_t key_len);
__attribute__((import_module("ourchat"), import_name("kv_set")))
extern int32_t kv_set(const char *key, size_t key_len, const char *val, size_t val_len);
__attribute__((import_module("ourchat"), import_name("kv_delete")))
extern int32_t kv_delete(const char *key, size_t key_len);
__attribute__((import_module("ourchat"), import_name("kv_increment")))
extern int32_t kv_increment(const char *key, size_t key_len, int64_t delta, int64_t *out);

static char heap[65536];
static size_t top;

__attribute__((export_name("alloc")))
void *alloc(size_t size) {
    if (top + size > sizeof heap) top = 0;
    void *p = heap + top;
    top += (size + 7) & ~(size_t)7;
    return p;
}

static char line[512];

static size_t put(size_t at, const char *s, size_t n) {
    for (size_t i = 0; i < n && at < sizeof line; i++) line[at++] = s[i];
    return at;
}

static size_t put_int(size_t at, int64_t v) {
    char digits[24];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) at = put(at, "-", 1);
    while (n) at = put(at, &digits[--n], 1);
    return at;
}

/* The next space-separated word of msg from *at; returns its length. */
static size_t word(const char *msg, size_t len, size_t *at, const char **start) {
    while (*at < len && msg[*at] == ' ') (*at)++;
    *start = msg + *at;
    size_t n = 0;
    while (*at < len && msg[*at] != ' ') (*at)++, n++;
    return n;
}

static int64_t parse(const char *s, size_t n) {
    int64_t v = 0;
    int neg = n && s[0] == '-';
    for (size_t i = neg; i < n; i++) v = v * 10 + (s[i] - '0');
    return neg ? -v : v;
}

__attribute__((export_name("on_message_send")))
int32_t on_message_send(const char *msg, size_t len) {
    top = 0;
    size_t at = 0;
    const char *cmd, *key, *arg;
    size_t cn = word(msg, len, &at, &cmd);
    size_t kn = word(msg, len, &at, &key);
    while (at < len && msg[at] == ' ') at++;
    arg = msg + at;
    size_t an = len - at;
    size_t out = put(0, cmd, cn);
    out = put(out, " ", 1);
    if (cn == 3 && cmd[0] == 's') {
        out = put_int(out, kv_set(key, kn, arg, an));
    } else if (cn == 3 && cmd[0] == 'g') {
        int64_t r = kv_get(key, kn);
        if (r < 0) {
            out = put_int(out, r);
        } else {
            size_t vlen = (size_t)(r & 0xffffffff);
            out = put_int(out, (int64_t)vlen);
            out = put(out, " ", 1);
            out = put(out, (const char *)(uintptr_t)(r >> 32), vlen);
        }
    } else if (cn == 3 && cmd[0] == 'd') {
        out = put_int(out, kv_delete(key, kn));
    } else if (cn == 3 && cmd[0] == 'i') {
        int64_t value = 0;
        out = put_int(out, kv_increment(key, kn, parse(arg, an), &value));
        out = put(out, " ", 1);
        out = put_int(out, value);
    } else {
        out = put(out, "?", 1);
    }
    oc_log(2, line, out);
    return 0;
}
