/* PDQ from pixels: luma, two Jarosz (box) passes, 64x64 decimation, quality, 16x16 DCT.
 *
 * Every output value is computed with the same IEEE float operations, in the same order,
 * as the reference algorithm (Facebook's PDQ as wrapped by the pdqhash package), so the
 * hashes are bit-identical. Speed comes only from loop order: column passes sweep rows and
 * vectorise across columns, row passes interleave independent rows, and the last column pass
 * runs only on the 64 sampled columns. Build without -ffast-math and without FMA contraction.
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

/* Box filter along columns for the `ncols` columns listed in `which` (or all when NULL),
 * sweeping down the rows so that each step touches one contiguous row. */
static void box_cols(const float *in, float *out, int rows, int cols, int window,
                     const int *which, int ncols, float *sum) {
    BoxShape s = box_shape(rows, window);
    int n = which ? ncols : cols;
    memset(sum, 0, sizeof(float) * (size_t)n);
    int ri = 0, li = 0, oi = 0, cw = 0;
#define COL(j) (which ? which[j] : (j))
    for (int t = 0; t < s.p1; t++, ri++, cw++) {
        const float *a = in + (Py_ssize_t)ri * cols;
        for (int j = 0; j < n; j++) sum[j] += a[COL(j)];
    }
    for (int t = 0; t < s.p2; t++, ri++, oi++) {
        const float *a = in + (Py_ssize_t)ri * cols;
        float *o = out + (Py_ssize_t)oi * cols;
        cw++;
        for (int j = 0; j < n; j++) { sum[j] += a[COL(j)]; o[COL(j)] = sum[j] / (float)cw; }
    }
    for (int t = 0; t < s.p3; t++, ri++, li++, oi++) {
        const float *a = in + (Py_ssize_t)ri * cols, *d = in + (Py_ssize_t)li * cols;
        float *o = out + (Py_ssize_t)oi * cols;
        for (int j = 0; j < n; j++) {
            sum[j] += a[COL(j)];
            sum[j] -= d[COL(j)];
            o[COL(j)] = sum[j] / (float)cw;
        }
    }
    for (int t = 0; t < s.p4; t++, li++, oi++) {
        const float *d = in + (Py_ssize_t)li * cols;
        float *o = out + (Py_ssize_t)oi * cols;
        cw--;
        for (int j = 0; j < n; j++) { sum[j] -= d[COL(j)]; o[COL(j)] = sum[j] / (float)cw; }
    }
#undef COL
}

/* A dedicated all-columns version keeps the inner loop free of indirection (it vectorises). */
static void box_all_cols(const float *in, float *out, int rows, int cols, int window, float *sum) {
    BoxShape s = box_shape(rows, window);
    memset(sum, 0, sizeof(float) * (size_t)cols);
    int ri = 0, li = 0, oi = 0, cw = 0;
    for (int t = 0; t < s.p1; t++, ri++, cw++) {
        const float *a = in + (Py_ssize_t)ri * cols;
        for (int j = 0; j < cols; j++) sum[j] += a[j];
    }
    for (int t = 0; t < s.p2; t++, ri++, oi++) {
        const float *a = in + (Py_ssize_t)ri * cols;
        float *o = out + (Py_ssize_t)oi * cols;
        float f = (float)(++cw);
        for (int j = 0; j < cols; j++) { sum[j] += a[j]; o[j] = sum[j] / f; }
    }
    float f = (float)cw;
    for (int t = 0; t < s.p3; t++, ri++, li++, oi++) {
        const float *a = in + (Py_ssize_t)ri * cols, *d = in + (Py_ssize_t)li * cols;
        float *o = out + (Py_ssize_t)oi * cols;
        for (int j = 0; j < cols; j++) { sum[j] += a[j]; sum[j] -= d[j]; o[j] = sum[j] / f; }
    }
    for (int t = 0; t < s.p4; t++, li++, oi++) {
        const float *d = in + (Py_ssize_t)li * cols;
        float *o = out + (Py_ssize_t)oi * cols;
        float g = (float)(--cw);
        for (int j = 0; j < cols; j++) { sum[j] -= d[j]; o[j] = sum[j] / g; }
    }
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

/* Filter (two row+column passes) and decimate; only sampled columns are finished. */
static int filter_and_sample(float *a, float *b, Geometry g, float out[64][64]) {
    int which[64];
    unsigned char *keep = calloc((size_t)g.cols, 1);
    /* One running sum per column swept: all columns, then the 64 sampled ones (which may
     * repeat a column when the image is narrower than 64). */
    float *sum = malloc(sizeof(float) * (size_t)(g.cols > 64 ? g.cols : 64));
    if (!keep || !sum) { free(keep); free(sum); return -1; }
    for (int j = 0; j < 64; j++) { which[j] = sample_index(j, g.cols); keep[which[j]] = 1; }
    box_rows(a, b, g.rows, g.cols, g.window_rows, NULL);
    box_all_cols(b, a, g.rows, g.cols, g.window_cols, sum);
    box_rows(a, b, g.rows, g.cols, g.window_rows, keep);
    box_cols(b, a, g.rows, g.cols, g.window_cols, which, 64, sum);
    for (int i = 0; i < 64; i++) {
        const float *row = a + (Py_ssize_t)sample_index(i, g.rows) * g.cols;
        for (int j = 0; j < 64; j++) out[i][j] = row[which[j]];
    }
    free(keep);
    free(sum);
    return 0;
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
        Py_ssize_t n = (Py_ssize_t)rows * cols;
        float *a = malloc(sizeof(float) * (size_t)n), *b = malloc(sizeof(float) * (size_t)n);
        float grid[64][64], coefficients[16][16], variant[16][16];
        Geometry g = {rows, cols, wr ? wr : window_size(cols), wc ? wc : window_size(rows)};
        if (!a || !b) failed = 1;
        Py_BEGIN_ALLOW_THREADS
        if (!failed) {
            fill_luma((const uint8_t *)view.buf, channels, n, a);
            if (rows == 64 && cols == 64) memcpy(grid, a, sizeof(grid));
            else failed = filter_and_sample(a, b, g, grid);
        }
        if (!failed) {
            quality = quality_of(grid);
            dct_64_to_16(grid, coefficients);
            for (int v = 0; v < variants; v++) {
                dihedral(coefficients, v, variant);
                pack_bits(variant, packed + 32 * v);
            }
        }
        Py_END_ALLOW_THREADS
        free(a);
        free(b);
    }
    PyBuffer_Release(&view);
    if (failed) return PyErr_NoMemory();
    return Py_BuildValue("(y#i)", (const char *)packed, (Py_ssize_t)(32 * variants), quality);
}

/* hash_grid(float32 64x64 bytes, variants) -> (bytes of 32 * variants, quality).
 * For callers that produced the 64x64 downsample themselves (fast mode). */
static PyObject *pdq_hash_grid(PyObject *self, PyObject *args) {
    Py_buffer view;
    int variants;
    if (!PyArg_ParseTuple(args, "y*i", &view, &variants)) return NULL;
    if (view.len != (Py_ssize_t)sizeof(float) * 64 * 64 || variants < 1 || variants > 8) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "expected 64x64 float32 values and 1-8 variants");
        return NULL;
    }
    float grid[64][64], coefficients[16][16], variant[16][16];
    unsigned char packed[8 * 32];
    memcpy(grid, view.buf, sizeof(grid));
    PyBuffer_Release(&view);
    int quality = quality_of(grid);
    dct_64_to_16(grid, coefficients);
    for (int v = 0; v < variants; v++) {
        dihedral(coefficients, v, variant);
        pack_bits(variant, packed + 32 * v);
    }
    return Py_BuildValue("(y#i)", (const char *)packed, (Py_ssize_t)(32 * variants), quality);
}

static PyMethodDef methods[] = {
    {"hash", pdq_hash, METH_VARARGS, "PDQ hashes (dihedral variants) and quality of pixels."},
    {"hash_grid", pdq_hash_grid, METH_VARARGS, "PDQ hashes and quality of a 64x64 downsample."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdqkernel", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdqkernel(void) {
    init_tables();
    return PyModule_Create(&module);
}
