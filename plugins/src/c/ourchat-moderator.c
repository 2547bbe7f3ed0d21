/*
 * OurChat moderator: masks words in messages (each letter becomes '*') and tags what it changed
 * with headers, through OurChat's set_message and set_header; blocks messages with too many of
 * them.
 *
 *   clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -o moderator.wasm ourchat-moderator.c
 *
 * Config (settings.yaml: plugins: { moderator: { config: { ... } } }):
 *   masked_words  comma-separated, case-insensitive, default "darn,heck,drat"
 *   max_masked    the most masked words a message may have before it is blocked, default 3
 * A masked message gets the headers "moderated-by: moderator" and "masked-words: N".
 *
 * It rewrites first and decides last: the host applies set_message and set_header only when
 * on_message_send returns 0, so a message it then blocks is left as it was.
 * Hooks take the (ctx_ptr, msg_ptr, msg_len) shape; it exports malloc/free for the host's buffers.
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((import_module("ourchat"), import_name("log")))
extern void oc_log(int32_t level, const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("get_config")))
extern int64_t oc_get_config(const char *key, size_t key_len);
__attribute__((import_module("ourchat"), import_name("set_message")))
extern int32_t oc_set_message(const char *ptr, size_t len);
__attribute__((import_module("ourchat"), import_name("set_header")))
extern int32_t oc_set_header(const char *key, size_t key_len, const char *val, size_t val_len);

enum { TRACE, DEBUG, INFO, WARN, ERROR };

/* A bump arena reset after every hook: the host's buffers and the rewritten message live in it. */
extern unsigned char __heap_base;
static uintptr_t heap_top;
static uintptr_t heap_mark;

__attribute__((export_name("malloc")))
void *malloc(size_t size) {
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

__attribute__((export_name("free")))
void free(void *ptr) { (void)ptr; /* the arena is reset wholesale after each hook */ }

static size_t slen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static void copy(char *dst, const char *src, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
}

static size_t put(char *buf, size_t at, const char *s, size_t n) {
    copy(buf + at, s, n);
    return at + n;
}

static size_t put_int(char *buf, size_t at, int64_t v) {
    if (v < 0) { buf[at++] = '-'; v = -v; }
    char digits[20];
    size_t d = 0;
    do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (d) buf[at++] = digits[--d];
    return at;
}

static char words[1024];
static size_t words_len;
static int64_t max_masked = 3;

static size_t config(const char *key, char *out, size_t cap) {
    int64_t packed = oc_get_config(key, slen(key));
    if (packed == -1) return (size_t)-1;
    const char *ptr = (const char *)(uintptr_t)(uint32_t)(packed >> 32);
    size_t len = (size_t)(uint32_t)packed;
    if (len > cap) len = cap;
    copy(out, ptr, len);
    return len;
}

__attribute__((export_name("on_plugin_load")))
int32_t on_plugin_load(void) {
    size_t n = config("masked_words", words, sizeof words);
    if (n == (size_t)-1) {
        static const char def[] = "darn,heck,drat";
        copy(words, def, sizeof def - 1);
        n = sizeof def - 1;
    }
    words_len = n;
    char num[20];
    size_t m = config("max_masked", num, sizeof num);
    if (m != (size_t)-1) {
        int64_t v = 0;
        for (size_t i = 0; i < m && num[i] >= '0' && num[i] <= '9'; i++) v = v * 10 + (num[i] - '0');
        max_masked = v;
    }
    heap_mark = heap_top; /* everything allocated from here on is per hook */
    return 0;
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* Masks every case-insensitive occurrence of word (length n) in text; returns how many. */
static int64_t mask(char *text, size_t len, const char *word, size_t n) {
    int64_t count = 0;
    if (!n || n > len) return 0;
    for (size_t i = 0; i + n <= len; i++) {
        size_t j = 0;
        while (j < n && lower(text[i + j]) == lower(word[j])) j++;
        if (j == n) {
            for (size_t k = 0; k < n; k++) text[i + k] = '*';
            count++;
            i += n - 1;
        }
    }
    return count;
}

static void refused(const char *what, int32_t code) {
    char line[96];
    size_t at = put(line, 0, what, slen(what));
    at = put(line, at, " refused: code ", 15);
    at = put_int(line, at, code);
    oc_log(WARN, line, at);
}

__attribute__((export_name("on_message_send")))
int32_t on_message_send(const uint32_t *ctx, const char *msg, size_t len) {
    (void)ctx;
    int32_t verdict = 0;
    char *text = malloc(len ? len : 1);
    if (!text) return 0; /* no memory to mask in: let it through unchanged */
    copy(text, msg, len);
    int64_t masked = 0;
    size_t start = 0;
    for (size_t i = 0; i <= words_len; i++) {
        if (i == words_len || words[i] == ',') {
            masked += mask(text, len, words + start, i - start);
            start = i + 1;
        }
    }
    if (masked > 0) {
        int32_t rc = oc_set_message(text, len);
        if (rc != 0) refused("set_message", rc);
        static const char by[] = "moderated-by", me[] = "moderator", count[] = "masked-words";
        rc = oc_set_header(by, sizeof by - 1, me, sizeof me - 1);
        if (rc != 0) refused("set_header", rc);
        char digits[20];
        size_t n = put_int(digits, 0, masked);
        rc = oc_set_header(count, sizeof count - 1, digits, n);
        if (rc != 0) refused("set_header", rc);
    }
    if (masked > max_masked) {
        char why[96];
        size_t at = put(why, 0, "too many masked words (", 23);
        at = put_int(why, at, masked);
        at = put(why, at, ")", 1);
        oc_log(WARN, why, at); /* the host takes the last warning as the reason */
        verdict = 1;
    }
    heap_top = heap_mark;
    return verdict;
}
