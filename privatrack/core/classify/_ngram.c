/* Native scoring of the text model's features (see textmodel.py, which falls back to Python without it).
 *
 * Features(text, extras, words=""): the set {char 1-4-grams of text} | set(extras) | the word features of words
 * ("\001w:" + each word, "\001b:" + each two neighbouring words joined by a space; words as textmodel.WORD finds
 * them), kept as 64-bit hashes of code points plus where each feature came from, so no Python string is made for
 * the (many) n-grams and words.
 * Table(keys, weights): one head's keys in an open-addressing table; Table.score(features) returns the sum of the
 * weights of the features it knows and those keys/weights, in the table's key order (deterministic ties).
 *
 * Every hash match is confirmed by comparing code points, so a hash collision can never merge two features or
 * give a feature a key's weight: results equal the Python sets exactly. Two keys with the same hash are refused
 * at build time (ValueError), and the caller then scores that head in Python.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_GRAM 4
#define PREFETCH_AHEAD 8
#define SEED 0x243F6A8885A308D3ULL

static inline uint64_t
hash_step(uint64_t h, Py_UCS4 c)
{
    h ^= (uint64_t)c;
    h *= 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

static inline uint64_t
hash_final(uint64_t h, Py_ssize_t len, uint64_t mask)
{
    h ^= (uint64_t)len * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h & mask;
}

static int
parse_mask(int bits, uint64_t *mask)
{
    if (bits < 1 || bits > 64) {
        PyErr_SetString(PyExc_ValueError, "hash_bits must be in 1..64");
        return -1;
    }
    *mask = bits == 64 ? ~(uint64_t)0 : (((uint64_t)1 << bits) - 1);
    return 0;
}

static uint64_t
hash_str(PyObject *s, uint64_t mask)
{
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    uint64_t h = SEED;
    for (Py_ssize_t i = 0; i < n; i++)
        h = hash_step(h, PyUnicode_READ(kind, data, i));
    return hash_final(h, n, mask);
}

/* smallest power of two >= 2 * n (at least 16), or -1 if that does not fit */
static Py_ssize_t
table_size(Py_ssize_t n)
{
    Py_ssize_t cap = 16;
    while (cap / 2 < n) {
        if (cap > PY_SSIZE_T_MAX / 2)
            return -1;
        cap *= 2;
    }
    return cap;
}

/* ---- Features ---------------------------------------------------------------------------------------------- */

typedef struct {
    uint64_t hash;
    Py_ssize_t src; /* >= 0: n-gram starting at buf[src]; < 0: extras[-src - 1] */
    Py_ssize_t len;
} Entry;

typedef struct {
    PyObject_HEAD
    Py_UCS4 *buf;      /* the text's code points, then the code points of each unique word feature */
    Py_ssize_t n;      /* the text's length */
    Py_ssize_t buf_len, buf_cap;
    PyObject *extras;  /* tuple of str */
    Entry *entries;    /* the unique features, n-grams by position then length, then extras */
    Py_ssize_t count;
    uint64_t mask;
} FeaturesObject;

static inline Py_UCS4
feat_char(const FeaturesObject *f, const Entry *e, Py_ssize_t j)
{
    if (e->src >= 0)
        return f->buf[e->src + j];
    return PyUnicode_READ_CHAR(PyTuple_GET_ITEM(f->extras, -e->src - 1), j);
}

static int
same_feature(const FeaturesObject *f, const Entry *a, Py_ssize_t src, Py_ssize_t len)
{
    if (a->len != len)
        return 0;
    if (a->src >= 0 && src >= 0) /* both in buf (n-grams, words): the common case */
        return memcmp(f->buf + a->src, f->buf + src, (size_t)len * sizeof(Py_UCS4)) == 0;
    Entry b = {0, src, len};
    for (Py_ssize_t j = 0; j < len; j++)
        if (feat_char(f, a, j) != feat_char(f, &b, j))
            return 0;
    return 1;
}

/* The scratch set of a Features build: entry index + 1 per slot (0 = empty), at most half full. */
typedef struct {
    uint32_t *slots;
    size_t mask;
    Py_ssize_t cap_entries;
} Scratch;

/* Double the entry array and/or the slot table before they would overflow: memory follows the number of unique
 * features, not the text's length (a long repetitive text has few). -1 (MemoryError set) on failure. */
static int
make_room(FeaturesObject *f, Scratch *sc)
{
    if (f->count >= (Py_ssize_t)UINT32_MAX - 1) {
        PyErr_NoMemory();
        return -1;
    }
    if (f->count == sc->cap_entries) {
        Py_ssize_t cap = sc->cap_entries * 2;
        /* not PyMem_Resize: it overwrites the pointer with NULL on failure, losing the block */
        Entry *e = cap > 0 && (size_t)cap <= SIZE_MAX / sizeof(Entry)
                       ? PyMem_Realloc(f->entries, (size_t)cap * sizeof(Entry))
                       : NULL;
        if (e == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        f->entries = e;
        sc->cap_entries = cap;
    }
    if ((size_t)(f->count + 1) > (sc->mask + 1) / 2) {
        size_t size = (sc->mask + 1) * 2;
        if (size > SIZE_MAX / sizeof(uint32_t) / 2) {
            PyErr_NoMemory();
            return -1;
        }
        uint32_t *slots = PyMem_Calloc(size, sizeof(uint32_t));
        if (slots == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < f->count; i++) {
            size_t j = (size_t)f->entries[i].hash & (size - 1);
            while (slots[j] != 0)
                j = (j + 1) & (size - 1);
            slots[j] = (uint32_t)(i + 1);
        }
        PyMem_Free(sc->slots);
        sc->slots = slots;
        sc->mask = size - 1;
    }
    return 0;
}

/* Add a feature unless an equal one is there; -1 (MemoryError set) on failure. */
static int
add_feature(FeaturesObject *f, Scratch *sc, uint64_t h, Py_ssize_t src, Py_ssize_t len)
{
    size_t i = (size_t)h & sc->mask;
    for (;;) {
        uint32_t s = sc->slots[i];
        if (s == 0)
            break;
        const Entry *e = &f->entries[s - 1];
        if (e->hash == h && same_feature(f, e, src, len))
            return 0;
        i = (i + 1) & sc->mask;
    }
    if ((size_t)(f->count + 1) > (sc->mask + 1) / 2 || f->count == sc->cap_entries) {
        if (make_room(f, sc) < 0)
            return -1;
        i = (size_t)h & sc->mask; /* the table may have been rebuilt: find the free slot again */
        while (sc->slots[i] != 0)
            i = (i + 1) & sc->mask;
    }
    Entry *e = &f->entries[f->count];
    e->hash = h;
    e->src = src;
    e->len = len;
    sc->slots[i] = (uint32_t)++f->count;
    return 0;
}

static void
Features_dealloc(FeaturesObject *self)
{
    PyMem_Free(self->buf);
    PyMem_Free(self->entries);
    Py_XDECREF(self->extras);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* textmodel.WORD, [a-z#$£€][a-z#'$£€]*: a word starts with one of these and runs on over them and "'" */
static inline int
word_start(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || c == '#' || c == '$' || c == 0xA3 || c == 0x20AC;
}

static inline int
word_char(Py_UCS4 c)
{
    return word_start(c) || c == '\'';
}

/* Room in buf for `more` code points past buf_len; -1 (MemoryError set) on failure. */
static int
buf_reserve(FeaturesObject *f, Py_ssize_t more)
{
    if (f->buf_len + more <= f->buf_cap)
        return 0;
    Py_ssize_t cap = f->buf_cap > 64 ? f->buf_cap : 64;
    while (cap < f->buf_len + more) {
        if (cap > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)sizeof(Py_UCS4)) {
            PyErr_NoMemory();
            return -1;
        }
        cap *= 2;
    }
    Py_UCS4 *b = PyMem_Realloc(f->buf, (size_t)cap * sizeof(Py_UCS4));
    if (b == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    f->buf = b;
    f->buf_cap = cap;
    return 0;
}

/* Add prefix + a (+ ' ' + b when b is given) as a feature: written after buf_len, kept there only when new. */
static int
add_word_feature(FeaturesObject *f, Scratch *sc, const char *prefix, const Py_UCS4 *a, Py_ssize_t na,
                 const Py_UCS4 *b, Py_ssize_t nb)
{
    Py_ssize_t len = 3 + na + (b != NULL ? 1 + nb : 0);
    if (buf_reserve(f, len) < 0)
        return -1;
    Py_UCS4 *out = f->buf + f->buf_len;
    uint64_t h = SEED;
    Py_ssize_t j = 0;
    for (int i = 0; i < 3; i++, j++)
        h = hash_step(h, out[j] = (Py_UCS4)(unsigned char)prefix[i]);
    for (Py_ssize_t i = 0; i < na; i++, j++)
        h = hash_step(h, out[j] = a[i]);
    if (b != NULL) {
        h = hash_step(h, out[j++] = ' ');
        for (Py_ssize_t i = 0; i < nb; i++, j++)
            h = hash_step(h, out[j] = b[i]);
    }
    Py_ssize_t before = f->count;
    if (add_feature(f, sc, hash_final(h, len, f->mask), f->buf_len, len) < 0)
        return -1;
    if (f->count > before)
        f->buf_len += len; /* new: keep its code points; a repeat is overwritten by the next one */
    return 0;
}

/* The word features of words (textmodel.word_tokens): each word and each pair of neighbouring words. */
static int
add_words(FeaturesObject *f, Scratch *sc, const Py_UCS4 *w, Py_ssize_t n)
{
    Py_ssize_t prev = -1, prev_len = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!word_start(w[i])) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && word_char(w[j]))
            j++;
        if (add_word_feature(f, sc, "\001w:", w + i, j - i, NULL, 0) < 0)
            return -1;
        if (prev >= 0 && add_word_feature(f, sc, "\001b:", w + prev, prev_len, w + i, j - i) < 0)
            return -1;
        prev = i;
        prev_len = j - i;
        i = j;
    }
    return 0;
}

static PyObject *
Features_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"text", "extras", "words", "hash_bits", NULL};
    PyObject *text, *extras_in, *words = NULL;
    int bits = 64;
    uint64_t mask;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "UO|U$i:Features", kwlist, &text, &extras_in, &words, &bits))
        return NULL;
    if (parse_mask(bits, &mask) < 0)
        return NULL;
    PyObject *extras = PySequence_Tuple(extras_in);
    if (extras == NULL)
        return NULL;
    Py_ssize_t n_extras = PyTuple_GET_SIZE(extras);
    for (Py_ssize_t i = 0; i < n_extras; i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(extras, i))) {
            PyErr_SetString(PyExc_TypeError, "extras must be str");
            Py_DECREF(extras);
            return NULL;
        }
    }
    FeaturesObject *self = (FeaturesObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(extras);
        return NULL;
    }
    self->extras = extras; /* owned by self from here on: dealloc releases it */
    self->mask = mask;
    self->n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t n = self->n;
    Py_ssize_t nw = words != NULL ? PyUnicode_GET_LENGTH(words) : 0;
    /* room for a short text's features at once (an SMS: no growth); longer texts grow as needed */
    Py_ssize_t guess = n < (1 << 14) ? MAX_GRAM * n + n_extras : (1 << 16) + n_extras;
    guess += nw < (1 << 16) ? nw / 2 : 1 << 15;
    if (guess < 16 || guess > 1 << 20)
        guess = guess < 16 ? 16 : 1 << 20;
    Scratch sc = {NULL, 0, guess};
    size_t size = 16;
    while (size / 2 < (size_t)guess)
        size *= 2;
    sc.mask = size - 1;
    self->buf = PyUnicode_AsUCS4Copy(text);
    self->buf_len = self->buf_cap = n;
    self->entries = PyMem_New(Entry, guess);
    sc.slots = PyMem_Calloc(size, sizeof(uint32_t));
    if (self->buf == NULL || self->entries == NULL || sc.slots == NULL)
        goto nomem;
    const Py_UCS4 *buf = self->buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t h = SEED;
        Py_ssize_t kmax = n - i < MAX_GRAM ? n - i : MAX_GRAM;
        for (Py_ssize_t k = 1; k <= kmax; k++) {
            h = hash_step(h, buf[i + k - 1]);
            if (add_feature(self, &sc, hash_final(h, k, mask), i, k) < 0)
                goto nomem;
        }
    }
    for (Py_ssize_t i = 0; i < n_extras; i++) {
        PyObject *s = PyTuple_GET_ITEM(extras, i);
        if (add_feature(self, &sc, hash_str(s, mask), -i - 1, PyUnicode_GET_LENGTH(s)) < 0)
            goto nomem;
    }
    if (nw > 0) {
        Py_UCS4 *w = PyUnicode_AsUCS4Copy(words);
        if (w == NULL)
            goto nomem;
        int rc = add_words(self, &sc, w, nw);
        PyMem_Free(w);
        if (rc < 0)
            goto nomem;
    }
    PyMem_Free(sc.slots);
    return (PyObject *)self;
nomem:
    PyMem_Free(sc.slots);
    Py_DECREF(self);
    return PyErr_Occurred() ? NULL : PyErr_NoMemory();
}

static Py_ssize_t
Features_len(FeaturesObject *self)
{
    return self->count;
}

static PyObject *
entry_str(FeaturesObject *self, const Entry *e)
{
    if (e->src < 0)
        return Py_NewRef(PyTuple_GET_ITEM(self->extras, -e->src - 1));
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, self->buf + e->src, e->len);
}

static PyObject *
Features_as_set(FeaturesObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *out = PySet_New(NULL);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < self->count; i++) {
        PyObject *s = entry_str(self, &self->entries[i]);
        if (s == NULL || PySet_Add(out, s) < 0) {
            Py_XDECREF(s);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(s);
    }
    return out;
}

static PyMethodDef Features_methods[] = {
    {"as_set", (PyCFunction)Features_as_set, METH_NOARGS, "The features as a set of str (what Python builds)."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods Features_as_sequence = {
    .sq_length = (lenfunc)Features_len,
};

static PyTypeObject FeaturesType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "privatrack.core.classify._ngram.Features",
    .tp_doc = PyDoc_STR("Features(text, extras, words='', *, hash_bits=64): char 1-4-grams of text, extras and the "
                        "word uni/bi-grams of words, unique."),
    .tp_basicsize = sizeof(FeaturesObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Features_new,
    .tp_dealloc = (destructor)Features_dealloc,
    .tp_as_sequence = &Features_as_sequence,
    .tp_methods = Features_methods,
};

/* ---- Table ------------------------------------------------------------------------------------------------- */

/* A slot is 8 bytes, (high 32 bits of the hash) << 32 | (key index + 1), 0 = empty: half the size of a
 * {hash, index} pair, so more of the table stays in cache (most probes miss it otherwise). */
typedef uint64_t Slot;
#define SLOT(h, i) (((h) >> 32 << 32) | (uint64_t)((i) + 1))
#define SLOT_TAG(v) ((v) >> 32)
#define SLOT_KEY(v) ((Py_ssize_t)((v) & 0xFFFFFFFFu) - 1)

typedef struct {
    uint64_t hash;
    double w;
    Py_ssize_t len;
    Py_UCS4 cp[MAX_GRAM]; /* the code points of keys of up to MAX_GRAM chars: checked without the str */
} KeyInfo;

typedef struct {
    PyObject_HEAD
    PyObject *keys;    /* tuple of str */
    PyObject *weights; /* the weights as given (a tuple) */
    KeyInfo *info;
    Slot *slots;
    size_t smask;
    uint64_t *seen;    /* one bit per key, all zero between calls */
    Py_ssize_t n;
    uint64_t mask;
} TableObject;

static void
Table_dealloc(TableObject *self)
{
    PyMem_Free(self->info);
    PyMem_Free(self->slots);
    PyMem_Free(self->seen);
    Py_XDECREF(self->keys);
    Py_XDECREF(self->weights);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Table_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"keys", "weights", "hash_bits", NULL};
    PyObject *keys_in, *weights_in;
    int bits = 64;
    uint64_t mask;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO|$i:Table", kwlist, &keys_in, &weights_in, &bits))
        return NULL;
    if (parse_mask(bits, &mask) < 0)
        return NULL;
    TableObject *self = (TableObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->mask = mask;
    self->keys = PySequence_Tuple(keys_in);
    if (self->keys == NULL)
        goto fail;
    self->weights = PySequence_Tuple(weights_in);
    if (self->weights == NULL)
        goto fail;
    Py_ssize_t n = PyTuple_GET_SIZE(self->keys);
    if (PyTuple_GET_SIZE(self->weights) != n) {
        PyErr_SetString(PyExc_ValueError, "keys and weights differ in length");
        goto fail;
    }
    if (n >= (Py_ssize_t)UINT32_MAX - 1) {
        PyErr_SetString(PyExc_OverflowError, "too many keys");
        goto fail;
    }
    self->n = n;
    Py_ssize_t cap = table_size(n);
    if (cap < 0 || (size_t)cap > SIZE_MAX / sizeof(Slot)) {
        PyErr_NoMemory();
        goto fail;
    }
    self->smask = (size_t)cap - 1;
    self->info = PyMem_New(KeyInfo, n > 0 ? n : 1);
    self->slots = PyMem_Calloc((size_t)cap, sizeof(Slot));
    self->seen = PyMem_Calloc((size_t)(n / 64 + 1), sizeof(uint64_t));
    if (self->info == NULL || self->slots == NULL || self->seen == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyTuple_GET_ITEM(self->keys, i);
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            goto fail;
        }
        KeyInfo *ki = &self->info[i];
        PyObject *x = PyTuple_GET_ITEM(self->weights, i);
        if (!PyNumber_Check(x)) {
            PyErr_SetString(PyExc_TypeError, "weights must be numbers");
            goto fail;
        }
        ki->w = PyFloat_AsDouble(x);
        if (ki->w == -1.0 && PyErr_Occurred())
            goto fail;
        if (ki->w != ki->w) {
            PyErr_SetString(PyExc_ValueError, "a weight is NaN"); /* top() could not order it as Python does */
            goto fail;
        }
        ki->len = PyUnicode_GET_LENGTH(k);
        for (Py_ssize_t j = 0; j < MAX_GRAM && j < ki->len; j++)
            ki->cp[j] = PyUnicode_READ_CHAR(k, j);
        uint64_t h = hash_str(k, mask);
        ki->hash = h;
        size_t s = (size_t)h & self->smask;
        while (self->slots[s] != 0) {
            Py_ssize_t o = SLOT_KEY(self->slots[s]);
            if (self->info[o].hash == h) {
                PyObject *other = PyTuple_GET_ITEM(self->keys, o);
                int eq = PyUnicode_Compare(k, other);
                if (eq == -1 && PyErr_Occurred())
                    goto fail;
                PyErr_SetString(PyExc_ValueError, eq == 0 ? "duplicate key" : "hash collision between two keys");
                goto fail;
            }
            s = (s + 1) & self->smask;
        }
        self->slots[s] = SLOT(h, i);
    }
    return (PyObject *)self;
fail:
    Py_DECREF(self);
    return NULL;
}

/* Is the feature e of f the key i? Code points are compared: a hash match alone is not trusted. */
static int
is_key(TableObject *t, FeaturesObject *f, const Entry *e, Py_ssize_t i)
{
    const KeyInfo *ki = &t->info[i];
    if (ki->len != e->len)
        return 0;
    if (e->len <= MAX_GRAM) {
        for (Py_ssize_t j = 0; j < e->len; j++)
            if (ki->cp[j] != feat_char(f, e, j))
                return 0;
        return 1;
    }
    PyObject *k = PyTuple_GET_ITEM(t->keys, i);
    for (Py_ssize_t j = MAX_GRAM; j < e->len; j++)
        if (PyUnicode_READ_CHAR(k, j) != feat_char(f, e, j))
            return 0;
    for (Py_ssize_t j = 0; j < MAX_GRAM; j++)
        if (ki->cp[j] != feat_char(f, e, j))
            return 0;
    return 1;
}

/* Indices of the known keys, ascending, into *out (PyMem, caller frees); their count, or -1 on error.
 * Nothing here runs Python code, so the shared `seen` bitmap is cleared again before anyone else can use it. */
static Py_ssize_t
known_indices(TableObject *t, PyObject *arg, uint32_t **out)
{
    if (!PyObject_TypeCheck(arg, &FeaturesType)) {
        PyErr_SetString(PyExc_TypeError, "expected Features");
        return -1;
    }
    FeaturesObject *f = (FeaturesObject *)arg;
    if (f->mask != t->mask) {
        PyErr_SetString(PyExc_ValueError, "Features and Table use different hash_bits");
        return -1;
    }
    Py_ssize_t cnt = 0, lo = PY_SSIZE_T_MAX, hi = -1;
    for (Py_ssize_t i = 0; i < f->count; i++) {
        const Entry *e = &f->entries[i];
        /* most probes miss the cache (the tables are large): ask for a later feature's slot ahead of time */
        if (i + PREFETCH_AHEAD < f->count)
            __builtin_prefetch(&t->slots[(size_t)f->entries[i + PREFETCH_AHEAD].hash & t->smask]);
        uint64_t tag = SLOT_TAG(e->hash);
        for (size_t s = (size_t)e->hash & t->smask; t->slots[s] != 0; s = (s + 1) & t->smask) {
            if (SLOT_TAG(t->slots[s]) != tag)
                continue;
            Py_ssize_t k = SLOT_KEY(t->slots[s]);
            if (t->info[k].hash != e->hash)
                continue;
            /* keys have distinct hashes, so this is the only candidate */
            if (is_key(t, f, e, k)) {
                t->seen[k >> 6] |= (uint64_t)1 << (k & 63);
                cnt++;
                if (k >> 6 < lo)
                    lo = k >> 6;
                if (k >> 6 > hi)
                    hi = k >> 6;
            }
            break;
        }
    }
    uint32_t *idx = PyMem_New(uint32_t, cnt > 0 ? cnt : 1);
    Py_ssize_t m = 0;
    for (Py_ssize_t wi = lo; wi <= hi; wi++) {
        uint64_t word = t->seen[wi];
        t->seen[wi] = 0;
        while (word) {
            if (idx != NULL)
                idx[m++] = (uint32_t)(wi * 64 + __builtin_ctzll(word));
            word &= word - 1;
        }
    }
    if (idx == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *out = idx;
    return m;
}

static PyObject *
Table_total(TableObject *self, PyObject *arg)
{
    uint32_t *idx;
    Py_ssize_t m = known_indices(self, arg, &idx);
    if (m < 0)
        return NULL;
    double sum = 0.0;
    for (Py_ssize_t i = 0; i < m; i++)
        sum += self->info[idx[i]].w;
    PyMem_Free(idx);
    return PyFloat_FromDouble(sum);
}

/* ---- Known: the features of one message a table knows -------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    TableObject *table;
    uint32_t *idx; /* key indices, ascending (model order) */
    Py_ssize_t m;
} KnownObject;

static void
Known_dealloc(KnownObject *self)
{
    PyMem_Free(self->idx);
    Py_XDECREF(self->table);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_ssize_t
Known_len(KnownObject *self)
{
    return self->m;
}

static PyObject *
Known_feats(KnownObject *self, void *Py_UNUSED(closure))
{
    PyObject *out = PyList_New(self->m);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < self->m; i++)
        PyList_SET_ITEM(out, i, Py_NewRef(PyTuple_GET_ITEM(self->table->keys, self->idx[i])));
    return out;
}

static PyObject *
Known_weights(KnownObject *self, void *Py_UNUSED(closure))
{
    PyObject *out = PyList_New(self->m);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < self->m; i++) {
        PyObject *w = PyFloat_FromDouble(self->table->info[self->idx[i]].w);
        if (w == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, w);
    }
    return out;
}

typedef struct {
    double key; /* the weight, negated when the strongest positive weights come first */
    Py_ssize_t pos;
} Ranked;

static int
ranked_cmp(const void *a, const void *b)
{
    const Ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Known.top(k, positive=True): what textmodel.Head.top returns for the same features in the same order: the k
 * strongest weights of one sign, equal weights in model order. Weights are never NaN (Table refuses them). */
static PyObject *
Known_top(KnownObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"k", "positive", NULL};
    Py_ssize_t k;
    int positive = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n|p:top", kwlist, &k, &positive))
        return NULL;
    Py_ssize_t m = self->m;
    if (k < 0) /* as sorted(weights)[:k] */
        k = m + k > 0 ? m + k : 0;
    if (k > m)
        k = m;
    Ranked *r = PyMem_New(Ranked, m > 0 ? m : 1);
    if (r == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < m; i++) {
        double w = self->table->info[self->idx[i]].w;
        r[i].key = positive ? -w : w;
        r[i].pos = i;
    }
    if (k <= 8) {
        /* selection: a few passes beat sorting the (dozens of) known features */
        for (Py_ssize_t j = 0; j < k; j++) {
            Py_ssize_t best = j;
            for (Py_ssize_t i = j + 1; i < m; i++)
                if (ranked_cmp(&r[i], &r[best]) < 0)
                    best = i;
            Ranked t = r[j];
            r[j] = r[best];
            r[best] = t;
        }
    }
    else {
        qsort(r, (size_t)m, sizeof(Ranked), ranked_cmp);
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        PyMem_Free(r);
        return NULL;
    }
    for (Py_ssize_t j = 0; j < k; j++) {
        double w = self->table->info[self->idx[r[j].pos]].w;
        if ((w > 0) != (positive != 0))
            break;
        if (PyList_Append(out, PyTuple_GET_ITEM(self->table->keys, self->idx[r[j].pos])) < 0) {
            PyMem_Free(r);
            Py_DECREF(out);
            return NULL;
        }
    }
    PyMem_Free(r);
    return out;
}

static PyMethodDef Known_methods[] = {
    {"top", (PyCFunction)(void (*)(void))Known_top, METH_VARARGS | METH_KEYWORDS,
     "top(k, positive=True) -> the k known features pushing most in one direction (as Head.top)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Known_getset[] = {
    {"feats", (getter)Known_feats, NULL, "The known features (a new list), in model order.", NULL},
    {"weights", (getter)Known_weights, NULL, "Their weights (a new list), same order.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PySequenceMethods Known_as_sequence = {
    .sq_length = (lenfunc)Known_len,
};

static PyTypeObject KnownType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "privatrack.core.classify._ngram.Known",
    .tp_doc = PyDoc_STR("The features of one message a Table knows (from Table.score); lists made on demand."),
    .tp_basicsize = sizeof(KnownObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = (destructor)Known_dealloc,
    .tp_as_sequence = &Known_as_sequence,
    .tp_methods = Known_methods,
    .tp_getset = Known_getset,
};

/* score(features) -> (sum of the known weights, Known): no str or float object per known feature */
static PyObject *
Table_score(TableObject *self, PyObject *arg)
{
    uint32_t *idx;
    Py_ssize_t m = known_indices(self, arg, &idx);
    if (m < 0)
        return NULL;
    double sum = 0.0;
    for (Py_ssize_t i = 0; i < m; i++)
        sum += self->info[idx[i]].w;
    KnownObject *known = PyObject_New(KnownObject, &KnownType);
    if (known == NULL) {
        PyMem_Free(idx);
        return NULL;
    }
    known->table = (TableObject *)Py_NewRef(self);
    known->idx = idx;
    known->m = m;
    return Py_BuildValue("(dN)", sum, (PyObject *)known);
}

static Py_ssize_t
Table_len(TableObject *self)
{
    return self->n;
}

static PyMethodDef Table_methods[] = {
    {"score", (PyCFunction)Table_score, METH_O,
     "score(features) -> (sum of the known weights, Known), in key order."},
    {"total", (PyCFunction)Table_total, METH_O, "total(features) -> sum of the weights of the known features."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods Table_as_sequence = {
    .sq_length = (lenfunc)Table_len,
};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "privatrack.core.classify._ngram.Table",
    .tp_doc = PyDoc_STR("Table(keys, weights, *, hash_bits=64): one head's weights by feature."),
    .tp_basicsize = sizeof(TableObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Table_new,
    .tp_dealloc = (destructor)Table_dealloc,
    .tp_as_sequence = &Table_as_sequence,
    .tp_methods = Table_methods,
};

/* ---- Literals: which of many short strings occur in a text (the cue regexes' prefilter, see evidence.py) ---- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t n;
    Py_UCS4 *cp;       /* all needles' code points, one after the other */
    Py_ssize_t *off;   /* needle i is cp[off[i] .. off[i + 1]) */
    Py_ssize_t *head;  /* needles of two or more chars by their first two: first needle per slot, -1 = none */
    Py_ssize_t *next;  /* the next needle of the same slot */
    size_t hmask;
    char *found;       /* scratch: one flag per needle, all zero between calls */
} LiteralsObject;

static inline size_t
pair_slot(Py_UCS4 a, Py_UCS4 b, size_t hmask)
{
    uint64_t h = ((uint64_t)a * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)b * 0xC2B2AE3D27D4EB4FULL);
    return (size_t)(h ^ (h >> 29)) & hmask;
}

static void
Literals_dealloc(LiteralsObject *self)
{
    PyMem_Free(self->cp);
    PyMem_Free(self->off);
    PyMem_Free(self->head);
    PyMem_Free(self->next);
    PyMem_Free(self->found);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Literals_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"needles", NULL};
    PyObject *in;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Literals", kwlist, &in))
        return NULL;
    PyObject *needles = PySequence_Tuple(in);
    if (needles == NULL)
        return NULL;
    LiteralsObject *self = (LiteralsObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(needles);
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(needles), total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyTuple_GET_ITEM(needles, i);
        if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) == 0) {
            PyErr_SetString(PyExc_ValueError, "needles must be non-empty str");
            goto fail;
        }
        total += PyUnicode_GET_LENGTH(s);
    }
    self->n = n;
    size_t slots = 64;
    while (slots < (size_t)n * 4)
        slots *= 2;
    self->hmask = slots - 1;
    self->cp = PyMem_New(Py_UCS4, total > 0 ? total : 1);
    self->off = PyMem_New(Py_ssize_t, n + 1);
    self->head = PyMem_New(Py_ssize_t, slots);
    self->next = PyMem_New(Py_ssize_t, n > 0 ? n : 1);
    self->found = PyMem_Calloc(n > 0 ? n : 1, 1);
    if (!self->cp || !self->off || !self->head || !self->next || !self->found) {
        PyErr_NoMemory();
        goto fail;
    }
    for (size_t j = 0; j < slots; j++)
        self->head[j] = -1;
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyTuple_GET_ITEM(needles, i);
        self->off[i] = at;
        for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(s); j++)
            self->cp[at++] = PyUnicode_READ_CHAR(s, j);
    }
    self->off[n] = at;
    /* chained in reverse so each chain lists its needles in ascending order */
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        self->next[i] = -1;
        if (self->off[i + 1] - self->off[i] < 2)
            continue;
        size_t h = pair_slot(self->cp[self->off[i]], self->cp[self->off[i] + 1], self->hmask);
        self->next[i] = self->head[h];
        self->head[h] = i;
    }
    Py_DECREF(needles);
    return (PyObject *)self;
fail:
    Py_DECREF(needles);
    Py_DECREF(self);
    return NULL;
}

/* found(text) -> list of the indices of the needles that occur in text, ascending */
static PyObject *
Literals_found(LiteralsObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return NULL;
    }
    Py_UCS4 *t = PyUnicode_AsUCS4Copy(text);
    if (t == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), left = self->n;
    const Py_UCS4 *cp = self->cp;
    const Py_ssize_t *off = self->off;
    char *found = self->found;
    /* one-char needles: a plain scan each (few, if any) */
    for (Py_ssize_t k = 0; k < self->n; k++) {
        if (off[k + 1] - off[k] != 1)
            continue;
        for (Py_ssize_t i = 0; i < n; i++)
            if (t[i] == cp[off[k]]) {
                found[k] = 1;
                left--;
                break;
            }
    }
    for (Py_ssize_t i = 0; i + 1 < n && left > 0; i++) {
        for (Py_ssize_t k = self->head[pair_slot(t[i], t[i + 1], self->hmask)]; k >= 0; k = self->next[k]) {
            Py_ssize_t len = off[k + 1] - off[k];
            if (found[k] || len > n - i)
                continue;
            const Py_UCS4 *c = cp + off[k];
            Py_ssize_t j = 0;
            while (j < len && t[i + j] == c[j])
                j++;
            if (j == len) {
                found[k] = 1;
                left--;
            }
        }
    }
    PyMem_Free(t);
    PyObject *out = PyList_New(0);
    for (Py_ssize_t k = 0; k < self->n; k++) {
        if (!found[k])
            continue;
        found[k] = 0;
        if (out != NULL) {
            PyObject *v = PyLong_FromSsize_t(k);
            if (v == NULL || PyList_Append(out, v) < 0)
                Py_CLEAR(out);
            Py_XDECREF(v);
        }
    }
    return out;
}

static Py_ssize_t
Literals_len(LiteralsObject *self)
{
    return self->n;
}

static PyMethodDef Literals_methods[] = {
    {"found", (PyCFunction)Literals_found, METH_O, "found(text) -> indices of the needles that occur in text."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods Literals_as_sequence = {
    .sq_length = (lenfunc)Literals_len,
};

static PyTypeObject LiteralsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "privatrack.core.classify._ngram.Literals",
    .tp_doc = PyDoc_STR("Literals(needles): found(text) lists which of the (non-empty) needles occur in text."),
    .tp_basicsize = sizeof(LiteralsObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Literals_new,
    .tp_dealloc = (destructor)Literals_dealloc,
    .tp_as_sequence = &Literals_as_sequence,
    .tp_methods = Literals_methods,
};

/* ---- module ------------------------------------------------------------------------------------------------ */

static struct PyModuleDef ngram_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "privatrack.core.classify._ngram",
    .m_doc = PyDoc_STR("Native scoring of char 1-4-gram features (same results as textmodel's Python path)."),
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__ngram(void)
{
    if (PyType_Ready(&FeaturesType) < 0 || PyType_Ready(&TableType) < 0 || PyType_Ready(&KnownType) < 0 ||
        PyType_Ready(&LiteralsType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&ngram_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObjectRef(m, "Features", (PyObject *)&FeaturesType) < 0 ||
        PyModule_AddObjectRef(m, "Table", (PyObject *)&TableType) < 0 ||
        PyModule_AddObjectRef(m, "Known", (PyObject *)&KnownType) < 0 ||
        PyModule_AddObjectRef(m, "Literals", (PyObject *)&LiteralsType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
