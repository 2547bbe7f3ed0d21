/*
 * OurChat spam filter: blocks messages containing a blocked word (case-insensitive) or longer
 * than a maximum length.
 *
 *   clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -o spam-filter.wasm ourchat-spam-filter.c
 *
 * Config (settings.yaml: plugins: { spam-filter: { config: { ... } } }):
 *   blocked_words  comma-separated, default "spam,viagra,lottery"
 *   max_length     bytes, default 2000
 * Hooks take the (ctx_ptr, msg_ptr, msg_len) shape and read the topic from the context block.
 * It exports alloc/dealloc, so the host places data in memory this plugin allocates.
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((import_module("ourchat"), import_name("log")))
extern void oc_log(int32_t level, const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("get_config")))
extern int64_t oc_get_config(const char *key, size_t key_len);
__attribute__((import_module("ourchat"), import_name("emit_event")))
extern void oc_emit_event(int32_t type, const char *ptr, size_t len);

enum { TRACE, DEBUG, INFO, WARN, ERROR };
enum { EVENT_MESSAGE_BLOCKED = 1 };

/* A tiny allocator: a bump arena reset after every hook, which is all this plugin needs. */
extern unsigned char __heap_base;
static uintptr_t heap_top;
static uintptr_t heap_mark;

static size_t slen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static void copy(char *dst, const char *src, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
}

__attribute__((export_name("alloc")))
void *alloc(size_t size) {
    if (!heap_top) heap_top = (uintptr_t)&__heap_base;
    uintptr_t ptr = (heap_top + 7) & ~(uintptr_t)7;
    uintptr_t end = ptr + size;
    size_t have = __builtin_wasm_memory_size(0) * 65536;
    if (end > have) {
        size_t pages = (end - have + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
    }
    heap_top = end;
    return (void *)ptr;
}

__attribute__((export_name("dealloc")))
void dealloc(void *ptr, size_t size) {
    (void)ptr;
    (void)size; /* the arena is reset wholesale, see reset_arena */
}

static void reset_arena(void) { heap_top = heap_mark; }

/* Configuration, read once per instance at load. */
static char words[1024];
static size_t words_len;
static size_t max_length = 2000;

static size_t config(const char *key, char *out, size_t cap) {
    int64_t packed = oc_get_config(key, slen(key));
    if (packed == -1) return (size_t)-1;
    const char *ptr = (const char *)(uintptr_t)(uint32_t)(packed >> 32);
    size_t len = (size_t)(uint32_t)packed;
    if (len > cap) len = cap;
    copy(out, ptr, len);
    return len;
}

static void log_str(int level, const char *msg) { oc_log(level, msg, slen(msg)); }

__attribute__((export_name("on_plugin_load")))
int32_t on_plugin_load(void) {
    size_t n = config("blocked_words", words, sizeof words);
    if (n == (size_t)-1) {
        static const char def[] = "spam,viagra,lottery";
        copy(words, def, sizeof def - 1);
        n = sizeof def - 1;
    }
    words_len = n;
    char num[32];
    size_t m = config("max_length", num, sizeof num);
    if (m != (size_t)-1) {
        size_t v = 0;
        for (size_t i = 0; i < m && num[i] >= '0' && num[i] <= '9'; i++) v = v * 10 + (num[i] - '0');
        if (v) max_length = v;
    }
    size_t count = words_len ? 1 : 0;
    for (size_t i = 0; i < words_len; i++) count += words[i] == ',';
    char msg[64] = "spam filter loaded with ";
    size_t at = slen(msg);
    char digits[12];
    size_t d = 0;
    do { digits[d++] = (char)('0' + count % 10); count /= 10; } while (count);
    while (d) msg[at++] = digits[--d];
    copy(msg + at, " blocked words", 15);
    log_str(INFO, msg);
    heap_mark = heap_top; /* everything allocated from here on is per hook */
    return 0;
}

__attribute__((export_name("on_plugin_enable")))
void on_plugin_enable(void) { log_str(INFO, "spam filter enabled"); }

__attribute__((export_name("on_plugin_disable")))
void on_plugin_disable(void) { log_str(INFO, "spam filter disabled"); }

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* Finds word (length n) in msg case-insensitively. */
static int find(const char *msg, size_t len, const char *word, size_t n) {
    if (!n || n > len) return 0;
    for (size_t i = 0; i + n <= len; i++) {
        size_t j = 0;
        while (j < n && lower(msg[i + j]) == lower(word[j])) j++;
        if (j == n) return 1;
    }
    return 0;
}

/* Appends src (length n) to buf at *at, escaping quotes and backslashes for JSON. */
static void append(char *buf, size_t cap, size_t *at, const char *src, size_t n, int json) {
    for (size_t i = 0; i < n && *at + 2 < cap; i++) {
        if (json && (src[i] == '"' || src[i] == '\\')) buf[(*at)++] = '\\';
        buf[(*at)++] = src[i];
    }
}

static int32_t block(const uint32_t *ctx, const char *reason, size_t reason_len) {
    const char *topic = ctx ? (const char *)(uintptr_t)ctx[1] : "?";
    size_t topic_len = ctx ? ctx[2] : 1;
    if (topic_len > 200) topic_len = 200;
    char msg[400];
    size_t at = 0;
    append(msg, sizeof msg, &at, "blocked message on ", 19, 0);
    append(msg, sizeof msg, &at, topic, topic_len, 0);
    append(msg, sizeof msg, &at, ": ", 2, 0);
    append(msg, sizeof msg, &at, reason, reason_len, 0);
    oc_log(WARN, msg, at);

    char event[600];
    size_t e = 0;
    append(event, sizeof event, &e, "{\"topic\":\"", 10, 0);
    append(event, sizeof event, &e, topic, topic_len, 1);
    append(event, sizeof event, &e, "\",\"reason\":\"", 12, 0);
    append(event, sizeof event, &e, reason, reason_len, 1);
    append(event, sizeof event, &e, "\"}", 2, 0);
    oc_emit_event(EVENT_MESSAGE_BLOCKED, event, e);
    return 1;
}

__attribute__((export_name("on_message_send")))
int32_t on_message_send(const uint32_t *ctx, const char *msg, size_t len) {
    int32_t verdict = 0;
    if (len > max_length) {
        verdict = block(ctx, "too long", 8);
    } else {
        size_t start = 0;
        for (size_t i = 0; i <= words_len && !verdict; i++) {
            if (i == words_len || words[i] == ',') {
                if (find(msg, len, words + start, i - start)) {
                    char reason[160];
                    size_t at = 0;
                    append(reason, sizeof reason, &at, "contains '", 10, 0);
                    append(reason, sizeof reason, &at, words + start, i - start, 0);
                    append(reason, sizeof reason, &at, "'", 1, 0);
                    verdict = block(ctx, reason, at);
                }
                start = i + 1;
            }
        }
    }
    reset_arena();
    return verdict;
}
