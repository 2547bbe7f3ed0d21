/*
 * The content filter's rules, shared by every C build of it: the Blink plugin
 * (content-filter.c), the Extism plugin the benchmark runs (extism-content-filter.c) and the
 * native build the benchmark uses as the floor (sluice-bench/src/main/c/native-filter.c).
 * Keeping one copy means every engine in the benchmark runs exactly the same logic.
 *
 * Needs no libc: it must also build with -nostdlib.
 */
#ifndef CONTENT_RULES_H
#define CONTENT_RULES_H

#include <stddef.h>

enum content_verdict {
    CONTENT_ACCEPT = 0,
    CONTENT_EMPTY_VALUE = 1,
    CONTENT_SENSITIVE_WITHOUT_KEY = 2,
    CONTENT_PASSWORD = 3,
};

static const char CONTENT_SENSITIVE_PREFIX[] = "sensitive-";
static const char CONTENT_PASSWORD_WORD[] = "password";

static inline int content_bytes_equal(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) return 0;
    }
    return 1;
}

static inline int content_contains(const char *hay, size_t hay_len, const char *needle,
                                   size_t needle_len) {
    if (needle_len > hay_len) return 0;
    for (size_t i = 0; i + needle_len <= hay_len; i++) {
        if (hay[i] == needle[0] && content_bytes_equal(hay + i, needle, needle_len)) return 1;
    }
    return 0;
}

/* Empty values, then `sensitive-` topics without a key, then values containing "password". */
static inline enum content_verdict content_check(const char *topic, size_t topic_len, int has_key,
                                                 const char *value, size_t value_len) {
    const size_t prefix_len = sizeof CONTENT_SENSITIVE_PREFIX - 1;
    if (value_len == 0) return CONTENT_EMPTY_VALUE;
    if (!has_key && topic_len >= prefix_len &&
        content_bytes_equal(topic, CONTENT_SENSITIVE_PREFIX, prefix_len))
        return CONTENT_SENSITIVE_WITHOUT_KEY;
    if (content_contains(value, value_len, CONTENT_PASSWORD_WORD,
                         sizeof CONTENT_PASSWORD_WORD - 1))
        return CONTENT_PASSWORD;
    return CONTENT_ACCEPT;
}

#endif
