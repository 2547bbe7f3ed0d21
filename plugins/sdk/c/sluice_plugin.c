/*
 * The canonical ABI of the `sluice:plugin@0.1.0` world, by hand (see sluice_plugin.h for the
 * API, and plugins/sdk/rust/sluice-plugin/src/abi.rs for the same layouts in Rust).
 *
 * Memory: the host lowers an export's arguments into memory from our cabi_realloc. Between
 * export calls that memory comes from a bump arena, forgotten when the export returns (no
 * malloc per string of a batch). While our code runs, cabi_realloc is malloc: import results
 * become the caller's, and the WASI adapter's state (kept for the instance's lifetime) never
 * lands in the arena. Results (verdicts, outputs, the registration) live in a second arena
 * until the host's post-return call (or the next export call).
 */
#include "sluice_plugin.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(sluice_str) == 8 && _Alignof(sluice_str) == 4, "string layout");
_Static_assert(sizeof(sluice_header) == 16, "header layout");
_Static_assert(offsetof(sluice_record, partition) == 8, "record layout");
_Static_assert(offsetof(sluice_record, has_key) == 12, "record layout");
_Static_assert(offsetof(sluice_record, key) == 16, "record layout");
_Static_assert(offsetof(sluice_record, value) == 24, "record layout");
_Static_assert(offsetof(sluice_record, headers) == 32, "record layout");
_Static_assert(offsetof(sluice_record, timestamp) == 40, "record layout");
_Static_assert(sizeof(sluice_record) == 48 && _Alignof(sluice_record) == 8, "record layout");
_Static_assert(sizeof(sluice_stored) == 56 && offsetof(sluice_stored, offset) == 48, "tuple layout");

/* ---- arenas ---- */

enum { CHUNK = 64 * 1024, ARENA_ALIGN = 8 };

typedef struct chunk {
    struct chunk *prev;
    size_t cap;
    size_t used;
    /* data follows, 8-aligned */
} chunk;

typedef struct {
    chunk *top;
    size_t spilled; /* bytes used in chunks below the top */
} arena;

static arena args_arena, results_arena;
static bool armed; /* true between export calls: only then is the host lowering arguments */

static uint8_t *chunk_data(chunk *c) { return (uint8_t *)c + ((sizeof(chunk) + 7) & ~(size_t)7); }

static chunk *chunk_new(size_t cap, chunk *prev) {
    chunk *c = aligned_alloc(ARENA_ALIGN, ((sizeof(chunk) + 7) & ~(size_t)7) + cap);
    if (!c) __builtin_trap();
    c->prev = prev;
    c->cap = cap;
    c->used = 0;
    return c;
}

static void *arena_alloc(arena *a, size_t align, size_t size) {
    if (a->top) {
        size_t start = (a->top->used + align - 1) & ~(align - 1);
        if (start + size <= a->top->cap) {
            a->top->used = start + size;
            return chunk_data(a->top) + start;
        }
        a->spilled += a->top->used;
    }
    a->top = chunk_new(size > CHUNK ? size : CHUNK, a->top);
    a->top->used = size;
    return chunk_data(a->top);
}

static void *arena_grow(arena *a, void *old, size_t old_size, size_t align, size_t new_size) {
    chunk *c = a->top;
    if (c && (uint8_t *)old + old_size == chunk_data(c) + c->used &&
        (size_t)((uint8_t *)old - chunk_data(c)) + new_size <= c->cap) {
        c->used = (size_t)((uint8_t *)old - chunk_data(c)) + new_size;
        return old;
    }
    if (new_size <= old_size) return old;
    void *fresh = arena_alloc(a, align, new_size);
    memcpy(fresh, old, old_size);
    return fresh;
}

/* Forgets everything; keeps one chunk, big enough for all of this call's use. */
static void arena_reset(arena *a) {
    if (!a->top) return;
    if (a->top->prev) {
        size_t needed = a->spilled + a->top->used;
        for (chunk *c = a->top, *prev; c; c = prev) {
            prev = c->prev;
            free(c);
        }
        size_t cap = CHUNK;
        while (cap < needed) cap *= 2;
        a->top = chunk_new(cap, NULL);
        a->spilled = 0;
    }
    a->top->used = 0;
}

static void *out_alloc(size_t size) { return arena_alloc(&results_arena, ARENA_ALIGN, size); }

static void *out_copy(const void *src, size_t len) {
    if (len == 0) return (void *)1;
    void *dst = arena_alloc(&results_arena, 1, len);
    memcpy(dst, src, len);
    return dst;
}

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size) {
    if (armed) {
        if (old_size == 0) return new_size == 0 ? (void *)align : arena_alloc(&args_arena, align, new_size);
        return arena_grow(&args_arena, old_ptr, old_size, align, new_size);
    }
    if (new_size == 0) {
        if (old_size) free(old_ptr);
        return (void *)align;
    }
    /* malloc's 16-byte alignment covers every alignment of the world (at most 8). */
    void *ptr = old_size ? realloc(old_ptr, new_size) : malloc(new_size);
    if (!ptr) __builtin_trap();
    return ptr;
}

static void enter(void) {
    armed = false;
    arena_reset(&results_arena); /* in case the host called no post-return */
}

static void leave(void) {
    arena_reset(&args_arena);
    armed = true;
}

/* ---- results ---- */

typedef struct output_header {
    sluice_header header;
    struct output_header *next;
} output_header;

struct sluice_output {
    uint8_t has_topic, has_partition, has_key, has_timestamp;
    sluice_str topic;
    uint32_t partition;
    sluice_bytes key, value;
    int64_t timestamp;
    output_header *headers, **headers_tail;
    size_t headers_len;
    sluice_output *next;
};

/* The canonical ABI's `output` (64 bytes) and `verdict` (12 bytes). */
typedef struct {
    uint8_t topic_tag;
    sluice_str topic;
    uint8_t partition_tag;
    uint32_t partition;
    uint8_t key_tag;
    sluice_bytes key;
    sluice_bytes value;
    struct {
        const sluice_header *ptr;
        size_t len;
    } headers;
    uint8_t timestamp_tag;
    int64_t timestamp;
} raw_output;
_Static_assert(offsetof(raw_output, partition) == 16 && offsetof(raw_output, key) == 24 &&
                   offsetof(raw_output, headers) == 40 && offsetof(raw_output, timestamp) == 56 &&
                   sizeof(raw_output) == 64,
               "output layout");

typedef struct {
    uint8_t tag; /* 0 accept, 1 reject, 2 replace */
    union {
        sluice_str reason;
        struct {
            const raw_output *ptr;
            size_t len;
        } outputs;
    } payload;
} raw_verdict;
_Static_assert(sizeof(raw_verdict) == 12 && offsetof(raw_verdict, payload) == 4, "verdict layout");

typedef struct {
    uint8_t tag;
    sluice_output *outputs, **tail;
    size_t count;
    sluice_str reason;
} verdict_state;

struct sluice_verdicts {
    verdict_state *items;
    size_t count;
};

struct sluice_registration {
    bool wants_stored;
    sluice_str *subscriptions;
    size_t count, cap;
    bool failed;
    sluice_str error;
};

static _Alignas(8) uint8_t return_area[16];

static verdict_state *verdict_at(sluice_verdicts *v, size_t i) {
    if (i >= v->count) {
        sluice_logf(SLUICE_ERROR, "verdict for record %zu of a batch of %zu", i, v->count);
        __builtin_trap();
    }
    return &v->items[i];
}

void sluice_reject(sluice_verdicts *v, size_t i, const char *reason, size_t len) {
    verdict_state *s = verdict_at(v, i);
    s->tag = 1;
    s->reason = (sluice_str){out_copy(reason, len), len};
}

void sluice_drop(sluice_verdicts *v, size_t i) {
    verdict_state *s = verdict_at(v, i);
    s->tag = 2;
    s->outputs = NULL;
    s->tail = &s->outputs;
    s->count = 0;
}

sluice_output *sluice_emit(sluice_verdicts *v, size_t i, const uint8_t *value, size_t len) {
    verdict_state *s = verdict_at(v, i);
    if (s->tag != 2) {
        s->tag = 2;
        s->outputs = NULL;
        s->tail = &s->outputs;
        s->count = 0;
    }
    if (!s->tail) s->tail = &s->outputs;
    sluice_output *o = out_alloc(sizeof *o);
    memset(o, 0, sizeof *o);
    o->value = (sluice_bytes){out_copy(value, len), len};
    o->headers_tail = &o->headers;
    *s->tail = o;
    s->tail = &o->next;
    s->count++;
    return o;
}

sluice_output *sluice_emit_copy(sluice_verdicts *v, size_t i, const sluice_record *r) {
    sluice_output *o = sluice_emit(v, i, r->value.ptr, r->value.len);
    if (r->has_key) sluice_output_key(o, r->key.ptr, r->key.len);
    for (size_t h = 0; h < r->headers.len; h++) {
        const sluice_header *header = &r->headers.ptr[h];
        sluice_output_header(o, header->key.ptr, header->key.len, header->value.ptr, header->value.len);
    }
    return o;
}

void sluice_output_topic(sluice_output *o, const char *topic, size_t len) {
    o->has_topic = 1;
    o->topic = (sluice_str){out_copy(topic, len), len};
}

void sluice_output_partition(sluice_output *o, uint32_t partition) {
    o->has_partition = 1;
    o->partition = partition;
}

void sluice_output_key(sluice_output *o, const uint8_t *key, size_t len) {
    o->has_key = 1;
    o->key = (sluice_bytes){out_copy(key, len), len};
}

void sluice_output_no_key(sluice_output *o) { o->has_key = 0; }

void sluice_output_value(sluice_output *o, const uint8_t *value, size_t len) {
    o->value = (sluice_bytes){out_copy(value, len), len};
}

void sluice_output_header(sluice_output *o, const char *key, size_t key_len, const uint8_t *value,
                          size_t value_len) {
    output_header *h = out_alloc(sizeof *h);
    h->header.key = (sluice_str){out_copy(key, key_len), key_len};
    h->header.value = (sluice_bytes){out_copy(value, value_len), value_len};
    h->next = NULL;
    *o->headers_tail = h;
    o->headers_tail = &h->next;
    o->headers_len++;
}

void sluice_output_timestamp(sluice_output *o, int64_t millis) {
    o->has_timestamp = 1;
    o->timestamp = millis;
}

static raw_output lower_output(const sluice_output *o) {
    sluice_header *headers = out_alloc(o->headers_len * sizeof *headers + 1);
    size_t n = 0;
    for (const output_header *h = o->headers; h; h = h->next) headers[n++] = h->header;
    raw_output raw;
    memset(&raw, 0, sizeof raw);
    raw.topic_tag = o->has_topic;
    raw.topic = o->has_topic ? o->topic : (sluice_str){(const char *)1, 0};
    raw.partition_tag = o->has_partition;
    raw.partition = o->partition;
    raw.key_tag = o->has_key;
    raw.key = o->has_key ? o->key : (sluice_bytes){(const uint8_t *)1, 0};
    raw.value = o->value;
    raw.headers.ptr = headers;
    raw.headers.len = n;
    raw.timestamp_tag = o->has_timestamp;
    raw.timestamp = o->timestamp;
    return raw;
}

/* ---- exports ---- */

__attribute__((weak)) void sluice_plugin_init(sluice_registration *registration) { (void)registration; }
__attribute__((weak)) void sluice_plugin_on_stored(const sluice_stored *records, size_t count) {
    (void)records;
    (void)count;
}
__attribute__((weak)) void sluice_plugin_on_event(sluice_str channel, sluice_bytes payload) {
    (void)channel;
    (void)payload;
}

void sluice_want_stored(sluice_registration *r) { r->wants_stored = true; }

void sluice_subscribe(sluice_registration *r, const char *channel, size_t len) {
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4;
        sluice_str *grown = out_alloc(cap * sizeof *grown);
        if (r->count) memcpy(grown, r->subscriptions, r->count * sizeof *grown);
        r->subscriptions = grown;
        r->cap = cap;
    }
    r->subscriptions[r->count++] = (sluice_str){out_copy(channel, len), len};
}

void sluice_init_fail(sluice_registration *r, const char *message, size_t len) {
    r->failed = true;
    r->error = (sluice_str){out_copy(message, len), len};
}

/* result<registration, string>: tag @0; ok: bool @4, list<string> @8; err: string @4. */
__attribute__((export_name("sluice:plugin/plugin@0.1.0#init")))
uint8_t *sluice_export_init(void) {
    enter();
    sluice_registration r;
    memset(&r, 0, sizeof r);
    r.subscriptions = (sluice_str *)4;
    sluice_plugin_init(&r);
    memset(return_area, 0, sizeof return_area);
    if (r.failed) {
        return_area[0] = 1;
        memcpy(return_area + 4, &r.error, sizeof r.error);
    } else {
        return_area[4] = r.wants_stored;
        sluice_str list = {(const char *)r.subscriptions, r.count};
        memcpy(return_area + 8, &list, sizeof list);
    }
    leave();
    return return_area;
}

__attribute__((export_name("sluice:plugin/plugin@0.1.0#on-records")))
uint8_t *sluice_export_on_records(const sluice_record *records, size_t count) {
    enter();
    sluice_verdicts v = {out_alloc(count * sizeof(verdict_state) + 1), count};
    memset(v.items, 0, count * sizeof(verdict_state));
    sluice_plugin_on_records(records, count, &v);
    raw_verdict *raw = out_alloc(count * sizeof *raw + 1);
    for (size_t i = 0; i < count; i++) {
        const verdict_state *s = &v.items[i];
        memset(&raw[i], 0, sizeof raw[i]);
        raw[i].tag = s->tag;
        if (s->tag == 1) {
            raw[i].payload.reason = s->reason;
        } else if (s->tag == 2) {
            raw_output *outs = out_alloc(s->count * sizeof *outs + 1);
            size_t n = 0;
            for (const sluice_output *o = s->outputs; o; o = o->next) outs[n++] = lower_output(o);
            raw[i].payload.outputs.ptr = outs;
            raw[i].payload.outputs.len = n;
        }
    }
    sluice_bytes list = {(const uint8_t *)raw, count};
    memcpy(return_area, &list, sizeof list);
    leave();
    return return_area;
}

__attribute__((export_name("cabi_post_sluice:plugin/plugin@0.1.0#init")))
void sluice_post_init(uint8_t *area) {
    (void)area;
    arena_reset(&results_arena);
}

__attribute__((export_name("cabi_post_sluice:plugin/plugin@0.1.0#on-records")))
void sluice_post_on_records(uint8_t *area) {
    (void)area;
    arena_reset(&results_arena);
}

__attribute__((export_name("sluice:plugin/plugin@0.1.0#on-stored")))
void sluice_export_on_stored(const sluice_stored *records, size_t count) {
    enter();
    sluice_plugin_on_stored(records, count);
    leave();
}

__attribute__((export_name("sluice:plugin/plugin@0.1.0#on-event")))
void sluice_export_on_event(const char *channel, size_t channel_len, const uint8_t *payload,
                            size_t payload_len) {
    enter();
    sluice_plugin_on_event((sluice_str){channel, channel_len}, (sluice_bytes){payload, payload_len});
    leave();
}

const sluice_bytes *sluice_record_header(const sluice_record *record, const char *key) {
    size_t len = strlen(key);
    for (size_t i = 0; i < record->headers.len; i++) {
        const sluice_header *h = &record->headers.ptr[i];
        if (h->key.len == len && memcmp(h->key.ptr, key, len) == 0) return &h->value;
    }
    return NULL;
}

/* ---- imports ---- */

#define IMPORT(module, name) __attribute__((import_module("sluice:plugin/" module "@0.1.0"), import_name(name)))

IMPORT("host", "log") extern void import_log(int32_t level, const char *ptr, size_t len);
IMPORT("host", "config") extern void import_config(const char *ptr, size_t len, uint8_t *ret);
IMPORT("metrics", "counter-add") extern void import_counter_add(const char *ptr, size_t len, int64_t delta);
IMPORT("metrics", "gauge-set") extern void import_gauge_set(const char *ptr, size_t len, double value);
IMPORT("metrics", "histogram-record") extern void import_histogram_record(const char *ptr, size_t len, double value);
IMPORT("state", "get") extern void import_state_get(const char *ptr, size_t len, uint8_t *ret);
IMPORT("state", "set") extern void import_state_set(const char *ptr, size_t len, const uint8_t *v, size_t vlen, uint8_t *ret);
IMPORT("state", "delete") extern void import_state_delete(const char *ptr, size_t len, uint8_t *ret);
IMPORT("state", "increment") extern void import_state_increment(const char *ptr, size_t len, int64_t delta, uint8_t *ret);
IMPORT("events", "publish") extern void import_publish(const char *ptr, size_t len, const uint8_t *p, size_t plen, uint8_t *ret);
IMPORT("http", "send")
extern void import_http_send(const char *method, size_t method_len, const char *url, size_t url_len,
                             const void *headers, size_t headers_len, const uint8_t *body, size_t body_len,
                             uint8_t *ret);

typedef struct {
    _Alignas(8) uint8_t bytes[24];
} ret_area;

static uint32_t word_at(const ret_area *r, size_t offset) {
    uint32_t w;
    memcpy(&w, r->bytes + offset, sizeof w);
    return w;
}

/* A string the host allocated with malloc (our code was running), made NUL-terminated. */
static char *take_string(const ret_area *r, size_t offset) {
    char *ptr = (char *)(uintptr_t)word_at(r, offset);
    size_t len = word_at(r, offset + 4);
    char *s = len ? realloc(ptr, len + 1) : malloc(1);
    if (!s) __builtin_trap();
    s[len] = 0;
    return s;
}

static char *take_c_string(char *ptr, size_t len) {
    char *s = len ? realloc(ptr, len + 1) : malloc(1);
    if (!s) __builtin_trap();
    s[len] = 0;
    return s;
}

static sluice_buf take_buf(const ret_area *r, size_t offset) {
    size_t len = word_at(r, offset + 4);
    return (sluice_buf){len ? (uint8_t *)(uintptr_t)word_at(r, offset) : NULL, len};
}

/* result<_, string> and every result's error case: tag @0, message @offset. */
static char *error_of(const ret_area *r, size_t offset) { return r->bytes[0] ? take_string(r, offset) : NULL; }

void sluice_log(sluice_level level, const char *message, size_t len) { import_log(level, message, len); }

void sluice_logf(sluice_level level, const char *format, ...) {
    char small[512];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        import_log(level, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) __builtin_trap();
    va_start(args, format);
    vsnprintf(big, (size_t)n + 1, format, args);
    va_end(args);
    import_log(level, big, (size_t)n);
    free(big);
}

char *sluice_config(const char *key) {
    ret_area r = {{0}};
    import_config(key, strlen(key), r.bytes);
    return r.bytes[0] ? take_string(&r, 4) : NULL;
}

void sluice_counter_add(const char *name, uint64_t delta) { import_counter_add(name, strlen(name), (int64_t)delta); }
void sluice_gauge_set(const char *name, double value) { import_gauge_set(name, strlen(name), value); }
void sluice_histogram_record(const char *name, double value) { import_histogram_record(name, strlen(name), value); }

/* result<option<list<u8>>, string>: ok: option tag @4, list @8; err: string @4. */
char *sluice_state_get(const char *key, int *found, sluice_buf *value) {
    ret_area r = {{0}};
    import_state_get(key, strlen(key), r.bytes);
    *found = 0;
    *value = (sluice_buf){NULL, 0};
    if (r.bytes[0]) return take_string(&r, 4);
    if (r.bytes[4]) {
        *found = 1;
        *value = take_buf(&r, 8);
    }
    return NULL;
}

char *sluice_state_set(const char *key, const uint8_t *value, size_t len) {
    ret_area r = {{0}};
    import_state_set(key, strlen(key), value, len, r.bytes);
    return error_of(&r, 4);
}

char *sluice_state_delete(const char *key) {
    ret_area r = {{0}};
    import_state_delete(key, strlen(key), r.bytes);
    return error_of(&r, 4);
}

/* result<s64, string>: the payload is 8-aligned, @8. */
char *sluice_state_increment(const char *key, int64_t delta, int64_t *result) {
    ret_area r = {{0}};
    import_state_increment(key, strlen(key), delta, r.bytes);
    if (r.bytes[0]) return take_string(&r, 8);
    memcpy(result, r.bytes + 8, sizeof *result);
    return NULL;
}

char *sluice_events_publish(const char *channel, const uint8_t *payload, size_t len) {
    ret_area r = {{0}};
    import_publish(channel, strlen(channel), payload, len, r.bytes);
    return error_of(&r, 4);
}

/* result<response, string>: ok: status u16 @4, headers @8, body @16; err: string @4. */
char *sluice_http_send(const sluice_http_request *request, sluice_http_response *response) {
    sluice_str *headers = malloc(request->headers_len * 2 * sizeof *headers + 1);
    if (!headers) __builtin_trap();
    for (size_t i = 0; i < request->headers_len; i++) {
        headers[2 * i] = (sluice_str){request->headers[i].name, strlen(request->headers[i].name)};
        headers[2 * i + 1] = (sluice_str){request->headers[i].value, strlen(request->headers[i].value)};
    }
    ret_area r = {{0}};
    import_http_send(request->method, strlen(request->method), request->url, strlen(request->url), headers,
                     request->headers_len, request->body_len ? request->body : (const uint8_t *)1,
                     request->body_len, r.bytes);
    free(headers);
    memset(response, 0, sizeof *response);
    if (r.bytes[0]) return take_string(&r, 4);
    memcpy(&response->status, r.bytes + 4, sizeof response->status);
    size_t n = word_at(&r, 12);
    sluice_str *raw = (sluice_str *)(uintptr_t)word_at(&r, 8);
    response->headers = calloc(n + 1, sizeof *response->headers);
    if (!response->headers) __builtin_trap();
    for (size_t i = 0; i < n; i++) {
        response->headers[i].name = take_c_string((char *)raw[2 * i].ptr, raw[2 * i].len);
        response->headers[i].value = take_c_string((char *)raw[2 * i + 1].ptr, raw[2 * i + 1].len);
    }
    if (n) free(raw);
    response->headers_len = n;
    response->body = take_buf(&r, 16);
    return NULL;
}

void sluice_http_response_free(sluice_http_response *response) {
    for (size_t i = 0; i < response->headers_len; i++) {
        free((char *)response->headers[i].name);
        free((char *)response->headers[i].value);
    }
    free(response->headers);
    free(response->body.ptr);
    memset(response, 0, sizeof *response);
}
