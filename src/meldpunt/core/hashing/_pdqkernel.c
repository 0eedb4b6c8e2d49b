/* PDQ from pixels: luma, two Jarosz (box) passes, 64x64 decimation, quality, 16x16 DCT.
 *
 * Every output value is computed with the same IEEE float operations, in the same order,
 * as the reference algorithm (Facebook's PDQ as wrapped by the pdqhash package), so the
 * hashes are bit-identical. Speed comes only from loop order and memory traffic: the passes
 * are streamed through small row rings that stay in cache, column passes vectorise across
 * columns, row passes interleave independent rows, and the last row and column passes run only
 * on the 64 sampled columns. Build without -ffast-math and without FMA contraction.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ROW_BLOCK 8

static double luma_r[256], luma_g[256], luma_b[256];
static float luma_grey[256];
static float dct[16][64];

static void init_tables(void) {
    for (int v = 0; v < 256; v++) {
        /* numpy evaluates (r*0.299 + g*0.587) + b*0.114 in double, then rounds to float. */
        luma_r[v] = (double)v * 0.299;
        luma_g[v] = (double)v * 0.587;
        luma_b[v] = (double)v * 0.114;
        luma_grey[v] = (float)((luma_r[v] + luma_g[v]) + luma_b[v]);
    }
    const float scale = (float)sqrt(2.0 / 64.0);
    const double pi = 3.14159265358979323846;
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 64; j++)
            dct[i][j] = (float)(scale * cos((pi / 2.0 / 64.0) * (double)(i + 1) * (double)(2 * j + 1)));
}

static void fill_luma(const uint8_t *px, int channels, Py_ssize_t n, float *out) {
    if (channels == 1) {
        for (Py_ssize_t k = 0; k < n; k++) out[k] = luma_grey[px[k]];
        return;
    }
    for (Py_ssize_t k = 0; k < n; k++, px += channels)
        out[k] = (float)((luma_r[px[0]] + luma_g[px[1]]) + luma_b[px[2]]);
}

/* The four phases of a running-sum box filter of width `window` over `length` samples.
 * Shapes are shared by the row and column passes so both follow the reference exactly. */
typedef struct { int window, half, p1, p2, p3, p4; } BoxShape;

static BoxShape box_shape(int length, int window) {
    BoxShape s;
    s.window = window;
    s.half = (window + 2) / 2;
    s.p1 = s.half - 1;
    s.p2 = window - s.half + 1;
    s.p3 = length - window;
    s.p4 = s.half - 1;
    return s;
}

/* Box filter along rows, ROW_BLOCK independent rows at a time (their sums do not depend on
 * each other, so the CPU overlaps them). Only columns with keep[j] != 0 are written. */
static void box_rows(const float *in, float *out, int rows, int cols, int window,
                     const unsigned char *keep) {
    BoxShape s = box_shape(cols, window);
    for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
        int nb = rows - r0 < ROW_BLOCK ? rows - r0 : ROW_BLOCK;
        float sum[ROW_BLOCK] = {0};
        const float *base = in + (Py_ssize_t)r0 * cols;
        float *obase = out + (Py_ssize_t)r0 * cols;
        int ri = 0, li = 0, oi = 0, cw = 0;
        for (int t = 0; t < s.p1; t++, ri++, cw++)
            for (int b = 0; b < nb; b++) sum[b] += base[(Py_ssize_t)b * cols + ri];
        for (int t = 0; t < s.p2; t++, ri++, oi++) {
            cw++;
            for (int b = 0; b < nb; b++) {
                sum[b] += base[(Py_ssize_t)b * cols + ri];
                if (!keep || keep[oi]) obase[(Py_ssize_t)b * cols + oi] = sum[b] / (float)cw;
            }
        }
        for (int t = 0; t < s.p3; t++, ri++, li++, oi++)
            for (int b = 0; b < nb; b++) {
                sum[b] += base[(Py_ssize_t)b * cols + ri];
                sum[b] -= base[(Py_ssize_t)b * cols + li];
                if (!keep || keep[oi]) obase[(Py_ssize_t)b * cols + oi] = sum[b] / (float)cw;
            }
        for (int t = 0; t < s.p4; t++, li++, oi++) {
            cw--;
            for (int b = 0; b < nb; b++) {
                sum[b] -= base[(Py_ssize_t)b * cols + li];
                if (!keep || keep[oi]) obase[(Py_ssize_t)b * cols + oi] = sum[b] / (float)cw;
            }
        }
    }
}

/* The first row pass, ROW_BLOCK rows side by side in SIMD lanes: the input is interleaved
 * (column j of row b at in[j * ROW_BLOCK + b]), so each step adds, subtracts and divides all
 * rows at once. Lane-wise IEEE operations round exactly as the scalar ones did. Lanes past `nb`
 * repeat the first row and are not stored. */
static void fill_luma_lanes(const uint8_t *px, int channels, int nb, int cols, float *out) {
    const uint8_t *rows[ROW_BLOCK];
    for (int b = 0; b < ROW_BLOCK; b++) rows[b] = px + (Py_ssize_t)(b < nb ? b : 0) * cols * channels;
    for (int j = 0; j < cols; j++, out += ROW_BLOCK) {
        Py_ssize_t at = (Py_ssize_t)j * channels;
        if (channels == 1)
            for (int b = 0; b < ROW_BLOCK; b++) out[b] = luma_grey[rows[b][at]];
        else
            for (int b = 0; b < ROW_BLOCK; b++) {
                const uint8_t *p = rows[b] + at;
                out[b] = (float)((luma_r[p[0]] + luma_g[p[1]]) + luma_b[p[2]]);
            }
    }
}

static void store_lanes(const float *v, float *out, int nb, int cols, int oi) {
    for (int b = 0; b < nb; b++) out[(Py_ssize_t)b * cols + oi] = v[b];
}

static void box_rows_lanes(const float *in, float *out, int nb, int cols, int window) {
    BoxShape s = box_shape(cols, window);
    float sum[ROW_BLOCK] = {0}, v[ROW_BLOCK];
    int ri = 0, li = 0, oi = 0, cw = 0;
#define LANES(p) (in + (Py_ssize_t)(p) * ROW_BLOCK)
    for (int t = 0; t < s.p1; t++, ri++, cw++)
        for (int b = 0; b < ROW_BLOCK; b++) sum[b] += LANES(ri)[b];
    for (int t = 0; t < s.p2; t++, ri++, oi++) {
        float f = (float)(++cw);
        for (int b = 0; b < ROW_BLOCK; b++) { sum[b] += LANES(ri)[b]; v[b] = sum[b] / f; }
        store_lanes(v, out, nb, cols, oi);
    }
    float f = (float)cw;
    for (int t = 0; t < s.p3; t++, ri++, li++, oi++) {
        for (int b = 0; b < ROW_BLOCK; b++) {
            sum[b] += LANES(ri)[b];
            sum[b] -= LANES(li)[b];
            v[b] = sum[b] / f;
        }
        store_lanes(v, out, nb, cols, oi);
    }
    for (int t = 0; t < s.p4; t++, li++, oi++) {
        float g = (float)(--cw);
        for (int b = 0; b < ROW_BLOCK; b++) { sum[b] -= LANES(li)[b]; v[b] = sum[b] / g; }
        store_lanes(v, out, nb, cols, oi);
    }
#undef LANES
}

/* Box filter along columns, streamed: rows go in one at a time, in order, and come out one
 * at a time, in order. The running sums see exactly the additions and subtractions of the
 * whole-image pass, in the same order, so the results are bit-identical; but only the last
 * window + 1 rows are kept (a ring), which stays in cache where whole-image passes over a large
 * photo went to memory and back four times. Rows are written straight into the ring (no copy),
 * a block of ROW_BLOCK rows at a time: so the ring holds window + ROW_BLOCK rows (a block may
 * not overwrite a row still to be subtracted), a multiple of ROW_BLOCK (a block never wraps). */
typedef struct {
    BoxShape s;
    int length, width, depth, pushed, emitted, cw;
    float *ring, *sum;
} ColumnBox;

static int column_box_init(ColumnBox *c, int length, int width, int window) {
    c->s = box_shape(length, window);
    c->length = length;
    c->width = width;
    c->depth = (window + 2 * ROW_BLOCK - 1) / ROW_BLOCK * ROW_BLOCK;
    c->pushed = c->emitted = c->cw = 0;
    c->ring = malloc(sizeof(float) * (size_t)c->depth * (size_t)width);
    c->sum = calloc((size_t)width, sizeof(float));
    return c->ring && c->sum ? 0 : -1;
}

static void column_box_free(ColumnBox *c) {
    free(c->ring);
    free(c->sum);
}

static float *ring_row(ColumnBox *c, int index) {
    return c->ring + (Py_ssize_t)(index % c->depth) * c->width;
}

/* Where the next input row goes (then call column_box_push). */
static float *column_box_slot(ColumnBox *c) { return ring_row(c, c->pushed); }

/* Take the row written to the slot; write the next output row to `o` and return 1, or
 * return 0 while the window fills. */
static int column_box_push(ColumnBox *c, float *restrict o) {
    int n = c->width, ri = c->pushed++;
    const float *row = ring_row(c, ri);
    float *restrict sum = c->sum;
    if (ri < c->s.p1) {
        c->cw++;
        for (int j = 0; j < n; j++) sum[j] += row[j];
        return 0;
    }
    if (ri < c->s.p1 + c->s.p2) {
        float f = (float)(++c->cw);
        for (int j = 0; j < n; j++) { sum[j] += row[j]; o[j] = sum[j] / f; }
    } else {
        const float *d = ring_row(c, ri - c->s.window);
        float f = (float)c->cw;
        for (int j = 0; j < n; j++) { sum[j] += row[j]; sum[j] -= d[j]; o[j] = sum[j] / f; }
    }
    c->emitted++;
    return 1;
}

/* After the last input row: write the next remaining output row to `o` and return 1, or 0. */
static int column_box_drain(ColumnBox *c, float *restrict o) {
    if (c->emitted >= c->length) return 0;
    int n = c->width;
    const float *d = ring_row(c, c->emitted - c->s.p2); /* phase 4: li = p3 + t */
    float *restrict sum = c->sum;
    float g = (float)(--c->cw);
    for (int j = 0; j < n; j++) { sum[j] -= d[j]; o[j] = sum[j] / g; }
    c->emitted++;
    return 1;
}

static int window_size(int dimension) { return (dimension + 2 * 64 - 1) / (2 * 64); }

static int sample_index(int out_index, int length) {
    return (int)(((out_index + 0.5) * length) / 64);
}

static int quality_of(float a[64][64]) {
    int total = 0;
    for (int i = 0; i < 63; i++)
        for (int j = 0; j < 64; j++) {
            int d = (int)(((a[i][j] - a[i + 1][j]) * 100) / 255);
            total += abs(d);
        }
    for (int i = 0; i < 64; i++)
        for (int j = 0; j < 63; j++) {
            int d = (int)(((a[i][j] - a[i][j + 1]) * 100) / 255);
            total += abs(d);
        }
    int q = total / 90;
    return q > 100 ? 100 : q;
}

static void dct_64_to_16(float a[64][64], float out[16][16]) {
    float t[16][64];
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 64; j++) {
            float s = 0.0f;
            for (int k = 0; k < 64; k++) s += dct[i][k] * a[k][j];
            t[i][j] = s;
        }
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++) {
            float s = 0.0f;
            for (int k = 0; k < 64; k++) s += t[i][k] * dct[j][k];
            out[i][j] = s;
        }
}

static int compare_floats(const void *x, const void *y) {
    float a = *(const float *)x, b = *(const float *)y;
    return (a > b) - (a < b);
}

/* Bits above the lower median (the 128th smallest), packed as the hex form prints them:
 * word 15 first, each word big-endian; bit k of the 16x16 grid lives in word k/16. */
static void pack_bits(float m[16][16], unsigned char out[32]) {
    float sorted[256];
    memcpy(sorted, m, sizeof(sorted));
    qsort(sorted, 256, sizeof(float), compare_floats);
    float median = sorted[127];
    uint16_t words[16] = {0};
    for (int k = 0; k < 256; k++)
        if (m[k / 16][k % 16] > median) words[k >> 4] |= (uint16_t)(1u << (k & 15));
    for (int w = 0; w < 16; w++) {
        out[2 * (15 - w)] = (unsigned char)(words[w] >> 8);
        out[2 * (15 - w) + 1] = (unsigned char)(words[w] & 0xff);
    }
}

/* The eight dihedral variants, as sign patterns and transposes of the DCT coefficients. */
static void dihedral(float a[16][16], int variant, float b[16][16]) {
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++) {
            float v = a[i][j];
            switch (variant) {
            case 0: b[i][j] = v; break;                              /* original */
            case 1: b[j][i] = (j & 1) ? v : -v; break;               /* rotate 90 */
            case 2: b[i][j] = ((i + j) & 1) ? -v : v; break;         /* rotate 180 */
            case 3: b[j][i] = (i & 1) ? v : -v; break;               /* rotate 270 */
            case 4: b[i][j] = (i & 1) ? v : -v; break;               /* flip x */
            case 5: b[i][j] = (j & 1) ? v : -v; break;               /* flip y */
            case 6: b[j][i] = v; break;                              /* flip +1 */
            default: b[j][i] = ((i + j) & 1) ? -v : v; break;        /* flip -1 */
            }
        }
}

typedef struct {
    int rows, cols, window_rows, window_cols;
} Geometry;

/* The four passes (row, column, row, column) streamed ROW_BLOCK rows at a time, then the
 * 64 x 64 samples. The second row pass keeps only the sampled columns, and the second column
 * pass runs on those alone. */
typedef struct {
    Geometry g;
    const uint8_t *pixels;
    int channels, which[64], pending, next_sample;
    unsigned char *keep;
    float *luma, *block, *blockpass, sampled[64];
    ColumnBox first, second;
    float (*out)[64];
} Stream;

static void take_sample(Stream *st) {
    int oi = st->second.emitted - 1;
    while (st->next_sample < 64 && sample_index(st->next_sample, st->g.rows) == oi)
        memcpy(st->out[st->next_sample++], st->sampled, sizeof(st->sampled));
}

static void second_row_pass(Stream *st) {
    int cols = st->g.cols;
    box_rows(st->block, st->blockpass, st->pending, cols, st->g.window_rows, st->keep);
    for (int b = 0; b < st->pending; b++) {
        const float *row = st->blockpass + (Py_ssize_t)b * cols;
        float *slot = column_box_slot(&st->second);
        for (int j = 0; j < 64; j++) slot[j] = row[st->which[j]];
        if (column_box_push(&st->second, st->sampled)) take_sample(st);
    }
    st->pending = 0;
}

static float *pending_row(Stream *st) { return st->block + (Py_ssize_t)st->pending * st->g.cols; }

static void row_finished(Stream *st) {
    if (++st->pending == ROW_BLOCK) second_row_pass(st);
}

static void run_stream(Stream *st) {
    int rows = st->g.rows, cols = st->g.cols;
    for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
        int nb = rows - r0 < ROW_BLOCK ? rows - r0 : ROW_BLOCK;
        fill_luma_lanes(st->pixels + (Py_ssize_t)r0 * cols * st->channels, st->channels, nb,
                        cols, st->luma);
        box_rows_lanes(st->luma, column_box_slot(&st->first), nb, cols, st->g.window_rows);
        for (int b = 0; b < nb; b++)
            if (column_box_push(&st->first, pending_row(st))) row_finished(st);
    }
    while (column_box_drain(&st->first, pending_row(st))) row_finished(st);
    if (st->pending) second_row_pass(st);
    while (column_box_drain(&st->second, st->sampled)) take_sample(st);
}

/* Filter (two row+column passes) and decimate, in cache-sized pieces; -1 if out of memory. */
static int filter_and_sample(const uint8_t *pixels, int channels, Geometry g, float out[64][64]) {
    Stream st = {.g = g, .pixels = pixels, .channels = channels, .out = out};
    size_t block = sizeof(float) * ROW_BLOCK * (size_t)g.cols;
    st.keep = calloc((size_t)g.cols, 1);
    st.luma = malloc(block);
    st.block = malloc(block);
    st.blockpass = malloc(block);
    int failed = column_box_init(&st.first, g.rows, g.cols, g.window_cols);
    failed |= column_box_init(&st.second, g.rows, 64, g.window_cols);
    if (!failed && st.keep && st.luma && st.block && st.blockpass) {
        for (int j = 0; j < 64; j++) {
            st.which[j] = sample_index(j, g.cols);
            st.keep[st.which[j]] = 1;
        }
        run_stream(&st);
    } else {
        failed = -1;
    }
    column_box_free(&st.first);
    column_box_free(&st.second);
    free(st.keep);
    free(st.luma);
    free(st.block);
    free(st.blockpass);
    return failed ? -1 : 0;
}

/* hash(pixels, rows, cols, channels, window_rows, window_cols, variants)
 *   -> (bytes of 32 * variants, quality). Window 0 means the reference's own size. */
static PyObject *pdq_hash(PyObject *self, PyObject *args) {
    Py_buffer view;
    int rows, cols, channels, wr, wc, variants;
    if (!PyArg_ParseTuple(args, "y*iiiiii", &view, &rows, &cols, &channels, &wr, &wc, &variants))
        return NULL;
    if ((channels != 1 && channels != 3 && channels != 4) || variants < 1 || variants > 8 ||
        rows < 1 || cols < 1 || view.len < (Py_ssize_t)rows * cols * channels) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "pixel buffer does not match its shape");
        return NULL;
    }
    unsigned char packed[8 * 32];
    memset(packed, 0, sizeof(packed));
    int quality = 0, failed = 0;
    if (rows >= 5 && cols >= 5) {
        float grid[64][64], coefficients[16][16], variant[16][16];
        Geometry g = {rows, cols, wr ? wr : window_size(cols), wc ? wc : window_size(rows)};
        const uint8_t *pixels = (const uint8_t *)view.buf;
        Py_BEGIN_ALLOW_THREADS
        if (rows == 64 && cols == 64) fill_luma(pixels, channels, 64 * 64, &grid[0][0]);
        else failed = filter_and_sample(pixels, channels, g, grid);
        if (!failed) {
            quality = quality_of(grid);
            dct_64_to_16(grid, coefficients);
            for (int v = 0; v < variants; v++) {
                dihedral(coefficients, v, variant);
                pack_bits(variant, packed + 32 * v);
            }
        }
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&view);
    if (failed) return PyErr_NoMemory();
    return Py_BuildValue("(y#i)", (const char *)packed, (Py_ssize_t)(32 * variants), quality);
}

static PyMethodDef methods[] = {
    {"hash", pdq_hash, METH_VARARGS, "PDQ hashes (dihedral variants) and quality of pixels."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdqkernel", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdqkernel(void) {
    init_tables();
    return PyModule_Create(&module);
}
