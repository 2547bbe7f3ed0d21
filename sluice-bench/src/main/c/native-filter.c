/*
 * The content filter compiled natively: the physical floor for the filter's logic on this
 * machine, with no WebAssembly and no host around it. It calls content_check() from the shared
 * rules (plugins/src/c/content-rules.h) on records already in memory: no copying, no logging.
 *
 * Build and run (from the repository root):
 *
 *   gcc -O2 -o native-filter sluice-bench/src/main/c/native-filter.c
 *   ./native-filter RECORDS_FILE [--rounds N] [--min-time-ms T] [--warmup-ms W]
 *
 * RECORDS_FILE is the benchmark's records file (format in BenchRecords.java): little-endian
 * u32 count, then per record u32 partition, u32 topic_len, topic, i32 key_len (-1: no key), key,
 * u32 value_len, value. After a warm-up of W ms (default 200) it times N rounds (default 10),
 * each looping over all records for at least T ms (default 200), with
 * clock_gettime(CLOCK_MONOTONIC), and prints one JSON line to stdout:
 *
 *   {"engine":"native-gcc-O2","records":16,"accepted":12,"ns_per_record":[r1,...,rN]}
 *
 * "accepted" comes from one pass, so the caller can check every engine made the same decisions.
 * Errors go to stderr, with exit status 2.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../../../plugins/src/c/content-rules.h"

struct record {
    const char *topic;
    uint32_t topic_len;
    int has_key;
    const char *value;
    uint32_t value_len;
};

/* Every pass's result lands here, so no pass can be dropped as dead code. */
static volatile uint64_t sink;

static const char *path;

static void fail(const char *what, size_t at) {
    fprintf(stderr, "native-filter: %s: %s at byte %zu\n", path, what, at);
    exit(2);
}

static uint8_t *read_file(size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "native-filter: cannot open %s: %s\n", path, strerror(errno));
        exit(2);
    }
    size_t cap = 1 << 16, n = 0, got;
    uint8_t *data = malloc(cap);
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) data = realloc(data, cap *= 2);
    }
    if (!data || ferror(f)) {
        fprintf(stderr, "native-filter: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *size = n;
    return data;
}

static uint32_t u32(const uint8_t *data, size_t size, size_t *at) {
    if (size - *at < 4) fail("truncated", *at);
    uint32_t v;
    memcpy(&v, data + *at, 4);
    *at += 4;
    return v;
}

static const char *bytes(const uint8_t *data, size_t size, size_t *at, uint32_t n) {
    if (size - *at < n) fail("truncated", *at);
    const char *p = (const char *)data + *at;
    *at += n;
    return p;
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t pass(const struct record *r, uint32_t count) {
    /* The records come from a file, but tell the compiler they may have changed since the last
     * pass anyway, so it cannot reuse an earlier pass's result. Costs nothing at run time. */
    __asm__ volatile("" : : "r"(r) : "memory");
    uint64_t accepted = 0;
    for (uint32_t i = 0; i < count; i++) {
        accepted += content_check(r[i].topic, r[i].topic_len, r[i].has_key, r[i].value,
                                  r[i].value_len) == CONTENT_ACCEPT;
    }
    return accepted;
}

static double option(int argc, char **argv, int *i) {
    char *end;
    if (*i + 1 >= argc) {
        fprintf(stderr, "native-filter: %s needs a value\n", argv[*i]);
        exit(2);
    }
    double v = strtod(argv[*i + 1], &end);
    if (end == argv[*i + 1] || *end || !(v > 0)) {
        fprintf(stderr, "native-filter: %s wants a positive number, not '%s'\n", argv[*i],
                argv[*i + 1]);
        exit(2);
    }
    *i += 1;
    return v;
}

int main(int argc, char **argv) {
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: native-filter RECORDS_FILE [--rounds N] [--min-time-ms T] "
                        "[--warmup-ms W]\n");
        return 2;
    }
    path = argv[1];
    int rounds = 10;
    int64_t min_ns = 200000000, warmup_ns = 200000000;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds")) rounds = (int)option(argc, argv, &i);
        else if (!strcmp(argv[i], "--min-time-ms")) min_ns = (int64_t)(option(argc, argv, &i) * 1e6);
        else if (!strcmp(argv[i], "--warmup-ms")) warmup_ns = (int64_t)(option(argc, argv, &i) * 1e6);
        else {
            fprintf(stderr, "native-filter: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (rounds < 1) rounds = 1;

    size_t size, at = 0;
    uint8_t *data = read_file(&size);
    uint32_t count = u32(data, size, &at);
    /* A record takes at least 16 bytes: refuse a count the file cannot hold before allocating. */
    if (count == 0 || count > (size - at) / 16) fail("implausible record count", 0);
    struct record *records = calloc(count, sizeof *records);
    if (!records) fail("out of memory", 0);
    for (uint32_t i = 0; i < count; i++) {
        u32(data, size, &at); /* partition: the filter does not look at it */
        records[i].topic_len = u32(data, size, &at);
        records[i].topic = bytes(data, size, &at, records[i].topic_len);
        size_t key_at = at;
        int32_t key_len = (int32_t)u32(data, size, &at);
        if (key_len < -1) fail("negative key length", key_at);
        records[i].has_key = key_len >= 0;
        if (key_len > 0) bytes(data, size, &at, (uint32_t)key_len);
        records[i].value_len = u32(data, size, &at);
        records[i].value = bytes(data, size, &at, records[i].value_len);
    }
    if (at != size) fail("trailing bytes after the last record", at);

    uint64_t accepted = pass(records, count);

    /* Warm-up (caches, branch predictors), which also sizes a batch of passes between clock
     * reads so that reading the clock (~20 ns) stays below 0.1% of the time measured. */
    uint64_t batch = 1, passes = 0;
    int64_t t0 = now_ns(), t;
    do {
        sink += pass(records, count);
        passes++;
        t = now_ns();
    } while (t - t0 < warmup_ns);
    double pass_ns = (double)(t - t0) / (double)passes;
    if (pass_ns < 20000) batch = (uint64_t)(20000 / pass_ns) + 1;

    double *ns_per_record = calloc((size_t)rounds, sizeof *ns_per_record);
    if (!ns_per_record) fail("out of memory", 0);
    for (int r = 0; r < rounds; r++) {
        uint64_t n = 0;
        t0 = now_ns();
        do {
            for (uint64_t b = 0; b < batch; b++) sink += pass(records, count);
            n += batch * count;
            t = now_ns();
        } while (t - t0 < min_ns);
        ns_per_record[r] = (double)(t - t0) / (double)n;
    }

    printf("{\"engine\":\"native-gcc-O2\",\"records\":%u,\"accepted\":%llu,\"ns_per_record\":[",
           count, (unsigned long long)accepted);
    for (int r = 0; r < rounds; r++) printf("%s%.3f", r ? "," : "", ns_per_record[r]);
    printf("]}\n");
    return fflush(stdout) == 0 ? 0 : 2;
}
