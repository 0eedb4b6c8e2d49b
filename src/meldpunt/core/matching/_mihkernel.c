/* Radius search over 256-bit hashes with multi-index hashing (Norouzi et al.).
 *
 * The 256 bits are cut into m substrings. Write r = a*m + b with 0 <= b < m. If two hashes
 * differ in at most r bits, then one of the first b+1 substrings differs in at most a bits,
 * or one of the others in at most a-1 bits: otherwise the total would be at least
 * (b+1)(a+1) + (m-b-1)a = r+1. So we visit every bucket within a bits of the query's
 * substring for the first b+1 substrings (the caller puts the widest first) and within a-1
 * for the rest, and verify each stored hash found against all 256 bits. Nothing within r is
 * missed, and a radius-31 search with 12 substrings probes 4 of them at 1 bit, not 2.
 *
 * Tables are built by the caller (numpy): for substring c, offsets[base_c + v] .. [base_c+v+1]
 * delimit the positions (into the hash array) whose substring c equals v.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHUNKS 64
#define PREFETCH_AHEAD 32

typedef struct {
    const uint64_t *hashes;   /* n x 4 words */
    const uint32_t *offsets;  /* concatenated per-chunk bucket offsets */
    const uint32_t *ids;      /* m x n positions, chunk-major */
    Py_ssize_t n;
    int m;
    int widths[MAX_CHUNKS], starts[MAX_CHUNKS];
    Py_ssize_t bases[MAX_CHUNKS];
} Index;

typedef struct {
    uint32_t *position;
    uint16_t *distance;
    uint32_t *query;
    Py_ssize_t size, capacity;
    int failed;
} Found;

static int found_push(Found *f, uint32_t query, uint32_t position, int distance) {
    if (f->size == f->capacity) {
        Py_ssize_t cap = f->capacity ? f->capacity * 2 : 1024;
        uint32_t *p = realloc(f->position, sizeof(uint32_t) * (size_t)cap);
        if (p) f->position = p;
        uint16_t *d = realloc(f->distance, sizeof(uint16_t) * (size_t)cap);
        if (d) f->distance = d;
        uint32_t *q = realloc(f->query, sizeof(uint32_t) * (size_t)cap);
        if (q) f->query = q;
        if (!p || !d || !q) { f->failed = 1; return -1; }
        f->capacity = cap;
    }
    f->position[f->size] = position;
    f->distance[f->size] = (uint16_t)distance;
    f->query[f->size] = query;
    f->size++;
    return 0;
}

static inline uint32_t chunk_of(const uint64_t *h, int start, int width) {
    int word = start >> 6, bit = start & 63;
    uint64_t value = h[word] >> bit;
    if (bit + width > 64) value |= h[word + 1] << (64 - bit);
    return (uint32_t)(value & ((1ull << width) - 1));
}

static inline int distance_of(const uint64_t *a, const uint64_t *b) {
    return __builtin_popcountll(a[0] ^ b[0]) + __builtin_popcountll(a[1] ^ b[1]) +
           __builtin_popcountll(a[2] ^ b[2]) + __builtin_popcountll(a[3] ^ b[3]);
}

/* A growable uint32 buffer, reused across queries. */
typedef struct { uint32_t *v; Py_ssize_t size, capacity; int failed; } Buffer;

static void buf_push(Buffer *b, uint32_t x) {
    if (b->size == b->capacity) {
        Py_ssize_t cap = b->capacity ? b->capacity * 2 : 4096;
        uint32_t *v = realloc(b->v, sizeof(uint32_t) * (size_t)cap);
        if (!v) { b->failed = 1; return; }
        b->v = v;
        b->capacity = cap;
    }
    b->v[b->size++] = x;
}

/* Scratch space for one thread: probe slots, bucket ranges and candidate positions. */
typedef struct { Buffer slots, chunks, begins, ends, candidates, sources; } Scratch;

/* Every value within `left` flipped bits of `value` (bits at or above `from`), as a slot
 * index into the concatenated offsets (base of the chunk + value). */
static void enumerate(Buffer *slots, Buffer *chunks, Py_ssize_t base, int chunk, uint32_t value,
                      int from, int width, int left) {
    buf_push(slots, (uint32_t)(base + value));
    buf_push(chunks, (uint32_t)chunk);
    if (left == 0) return;
    for (int bit = from; bit < width; bit++)
        enumerate(slots, chunks, base, chunk, value ^ (1u << bit), bit + 1, width, left - 1);
}

/* Four passes, each issuing its memory reads ahead of use, so a query waits for memory
 * a few times instead of once per bucket and once per candidate. */
/* Bits a substring is searched within, or -1 when the pigeonhole bound lets us skip it. */
static inline int flips_for(const Index *ix, int chunk, int radius) {
    int a = radius / ix->m, b = radius % ix->m;
    int flips = chunk <= b ? a : a - 1;
    return flips < ix->widths[chunk] ? flips : ix->widths[chunk];
}

static void search_one(const Index *ix, const uint64_t *q, uint32_t query_no, int radius,
                       Scratch *s, Found *f) {
    s->slots.size = s->chunks.size = s->begins.size = s->ends.size = 0;
    s->candidates.size = s->sources.size = 0;
    for (int c = 0; c < ix->m; c++) {
        int flips = flips_for(ix, c, radius);
        if (flips < 0) continue;
        enumerate(&s->slots, &s->chunks, ix->bases[c], c,
                  chunk_of(q, ix->starts[c], ix->widths[c]), 0, ix->widths[c], flips);
    }
    Py_ssize_t warm = s->slots.size < PREFETCH_AHEAD ? s->slots.size : PREFETCH_AHEAD;
    for (Py_ssize_t i = 0; i < warm; i++) __builtin_prefetch(ix->offsets + s->slots.v[i]);
    for (Py_ssize_t i = 0; i < s->slots.size; i++) {
        if (i + PREFETCH_AHEAD < s->slots.size)
            __builtin_prefetch(ix->offsets + s->slots.v[i + PREFETCH_AHEAD]);
        uint32_t begin = ix->offsets[s->slots.v[i]], end = ix->offsets[s->slots.v[i] + 1];
        if (begin == end) continue;
        buf_push(&s->begins, begin);
        buf_push(&s->ends, end);
        buf_push(&s->chunks, s->chunks.v[i]); /* appended after the probe entries */
    }
    Py_ssize_t first_range_chunk = s->slots.size;
#define RANGE_IDS(r) (ix->ids + (Py_ssize_t)s->chunks.v[first_range_chunk + (r)] * ix->n)
    for (Py_ssize_t r = 0; r < s->begins.size && r < PREFETCH_AHEAD; r++)
        __builtin_prefetch(RANGE_IDS(r) + s->begins.v[r]);
    for (Py_ssize_t r = 0; r < s->begins.size; r++) {
        if (r + PREFETCH_AHEAD < s->begins.size)
            __builtin_prefetch(RANGE_IDS(r + PREFETCH_AHEAD) + s->begins.v[r + PREFETCH_AHEAD]);
        const uint32_t *ids = RANGE_IDS(r);
        uint32_t chunk = s->chunks.v[first_range_chunk + r];
        for (uint32_t k = s->begins.v[r]; k < s->ends.v[r]; k++) {
            buf_push(&s->candidates, ids[k]);
            buf_push(&s->sources, chunk);
        }
    }
#undef RANGE_IDS
    for (Py_ssize_t i = 0; i < s->candidates.size && i < PREFETCH_AHEAD; i++)
        __builtin_prefetch(ix->hashes + 4 * (Py_ssize_t)s->candidates.v[i]);
    for (Py_ssize_t i = 0; i < s->candidates.size; i++) {
        if (i + PREFETCH_AHEAD < s->candidates.size)
            __builtin_prefetch(ix->hashes + 4 * (Py_ssize_t)s->candidates.v[i + PREFETCH_AHEAD]);
        uint32_t position = s->candidates.v[i];
        int d = distance_of(ix->hashes + 4 * (Py_ssize_t)position, q);
        if (d > radius) continue;
        /* A hash is reported from the first substring that finds it: if an earlier substring
         * is also within its flips, that substring has already reported it. */
        const uint64_t *h = ix->hashes + 4 * (Py_ssize_t)position;
        int seen = 0;
        for (uint32_t c = 0; c < s->sources.v[i] && !seen; c++)
            seen = __builtin_popcount(chunk_of(h, ix->starts[c], ix->widths[c]) ^
                                      chunk_of(q, ix->starts[c], ix->widths[c])) <=
                   flips_for(ix, (int)c, radius);
        if (!seen) found_push(f, query_no, position, d);
    }
    if (s->slots.failed || s->chunks.failed || s->begins.failed || s->ends.failed ||
        s->candidates.failed || s->sources.failed)
        f->failed = 1;
}

static int read_layout(PyObject *widths, Index *ix) {
    Py_ssize_t m = PySequence_Size(widths);
    if (m < 1 || m > MAX_CHUNKS) return -1;
    int start = 0;
    Py_ssize_t base = 0;
    for (Py_ssize_t c = 0; c < m; c++) {
        PyObject *item = PySequence_GetItem(widths, c);
        long w = item ? PyLong_AsLong(item) : -1;
        Py_XDECREF(item);
        if (w < 1 || w > 30) return -1;
        ix->widths[c] = (int)w;
        ix->starts[c] = start;
        ix->bases[c] = base;
        start += (int)w;
        base += ((Py_ssize_t)1 << w) + 1;
    }
    ix->m = (int)m;
    return start == 256 ? 0 : -1;
}

/* search(hashes, offsets, ids, widths, queries, radius)
 *   -> (query numbers, positions, distances) as bytes of uint32, uint32, uint16. */
static PyObject *mih_search(PyObject *self, PyObject *args) {
    Py_buffer hashes, offsets, ids, queries;
    PyObject *widths;
    int radius;
    if (!PyArg_ParseTuple(args, "y*y*y*Oy*i", &hashes, &offsets, &ids, &widths, &queries, &radius))
        return NULL;
    Index ix = {0};
    ix.hashes = hashes.buf;
    ix.offsets = offsets.buf;
    ix.ids = ids.buf;
    ix.n = hashes.len / 32;
    Py_ssize_t nq = queries.len / 32;
    PyObject *result = NULL;
    if (read_layout(widths, &ix) < 0 || radius < 0 || radius > 256 ||
        ids.len != (Py_ssize_t)sizeof(uint32_t) * ix.m * ix.n ||
        offsets.len != (Py_ssize_t)sizeof(uint32_t) * (ix.bases[ix.m - 1] + ((Py_ssize_t)1 << ix.widths[ix.m - 1]) + 1)) {
        PyErr_SetString(PyExc_ValueError, "index buffers do not match their layout");
        goto done;
    }
    Found f = {0};
    Scratch scratch = {{0}};
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t q = 0; q < nq && !f.failed; q++)
        search_one(&ix, (const uint64_t *)queries.buf + 4 * q, (uint32_t)q, radius, &scratch, &f);
    Py_END_ALLOW_THREADS
    free(scratch.slots.v);
    free(scratch.chunks.v);
    free(scratch.begins.v);
    free(scratch.ends.v);
    free(scratch.candidates.v);
    free(scratch.sources.v);
    if (f.failed) {
        PyErr_NoMemory();
    } else {
        /* With no hits the buffers are NULL; "y#" would then give None, not b"". */
        result = Py_BuildValue("(y#y#y#)", f.size ? (const char *)f.query : "", f.size * 4,
                               f.size ? (const char *)f.position : "", f.size * 4,
                               f.size ? (const char *)f.distance : "", f.size * 2);
    }
    free(f.position);
    free(f.distance);
    free(f.query);
done:
    PyBuffer_Release(&hashes);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&ids);
    PyBuffer_Release(&queries);
    return result;
}

static PyMethodDef methods[] = {
    {"search", mih_search, METH_VARARGS, "Radius search of 256-bit queries in a MIH index."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_mihkernel", NULL, -1, methods};

PyMODINIT_FUNC PyInit__mihkernel(void) { return PyModule_Create(&module); }
