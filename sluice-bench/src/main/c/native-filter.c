/*
 * The content filter compiled natively: the physical floor for the filter's logic on this
 * machine, with no WebAssembly and no host around it.
 *
 *   gcc -O2 -o native-filter sluice-bench/src/main/c/native-filter.c
 *   native-filter RECORDS_FILE [--rounds N] [--min-time-ms T]
 *
 * Reads the benchmark's records file (format in BenchRecords.java), then times rounds of at
 * least T ms each over all records and prints one JSON line: the ns per record of every round
 * and how many records the filter accepts (the caller checks it against the other engines).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../../../plugins/src/c/content-rules.h"

struct record {
    char *topic;
    uint32_t topic_len;
    int has_key;
    char *value;
    uint32_t value_len;
};

static volatile uint64_t sink;

static uint8_t *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "native-filter: cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = malloc((size_t)n);
    if (fread(data, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "native-filter: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *size = (size_t)n;
    return data;
}

static uint32_t u32(const uint8_t *data, size_t size, size_t *at, const char *path) {
    if (*at + 4 > size) {
        fprintf(stderr, "native-filter: %s is truncated at byte %zu\n", path, *at);
        exit(2);
    }
    uint32_t v;
    memcpy(&v, data + *at, 4);
    *at += 4;
    return v;
}

static char *bytes(uint8_t *data, size_t size, size_t *at, uint32_t n, const char *path) {
    if (*at + n > size) {
        fprintf(stderr, "native-filter: %s is truncated at byte %zu\n", path, *at);
        exit(2);
    }
    char *p = (char *)data + *at;
    *at += n;
    return p;
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t pass(const struct record *r, uint32_t count) {
    uint64_t accepted = 0;
    for (uint32_t i = 0; i < count; i++) {
        accepted += content_check(r[i].topic, r[i].topic_len, r[i].has_key, r[i].value,
                                  r[i].value_len) == CONTENT_ACCEPT;
    }
    return accepted;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: native-filter RECORDS_FILE [--rounds N] [--min-time-ms T]\n");
        return 2;
    }
    int rounds = 10;
    double min_ns = 200e6;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--min-time-ms")) min_ns = atof(argv[i + 1]) * 1e6;
    }
    size_t size, at = 0;
    uint8_t *data = read_file(argv[1], &size);
    uint32_t count = u32(data, size, &at, argv[1]);
    struct record *records = calloc(count, sizeof *records);
    for (uint32_t i = 0; i < count; i++) {
        u32(data, size, &at, argv[1]); /* partition: the filter does not look at it */
        records[i].topic_len = u32(data, size, &at, argv[1]);
        records[i].topic = bytes(data, size, &at, records[i].topic_len, argv[1]);
        int32_t key_len = (int32_t)u32(data, size, &at, argv[1]);
        records[i].has_key = key_len >= 0;
        if (key_len > 0) bytes(data, size, &at, (uint32_t)key_len, argv[1]);
        records[i].value_len = u32(data, size, &at, argv[1]);
        records[i].value = bytes(data, size, &at, records[i].value_len, argv[1]);
    }
    uint64_t accepted = pass(records, count);

    /* Warm-up: caches and branch predictors, as the JIT engines get theirs. */
    for (double t0 = now_ns(); now_ns() - t0 < min_ns;) sink += pass(records, count);

    printf("{\"engine\":\"native-gcc-O2\",\"records\":%u,\"accepted\":%llu,\"ns_per_record\":[",
           count, (unsigned long long)accepted);
    for (int r = 0; r < rounds; r++) {
        uint64_t n = 0;
        double t0 = now_ns(), t;
        do {
            sink += pass(records, count);
            n += count;
            t = now_ns();
        } while (t - t0 < min_ns);
        printf("%s%.3f", r ? "," : "", (t - t0) / (double)n);
    }
    printf("]}\n");
    return 0;
}
