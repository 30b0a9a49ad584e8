/*
 * fe_map.c - a small string -> pointer hash map (open addressing) used by
 * the loader for name sets and function-body renaming.
 */
#include <string.h>

#include "fe_int.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

/* slot_of: the slot holding key, or the empty slot where it would go. */
static size_t slot_of(const fe_map *m, const char *key)
{
	size_t i = (size_t)hash_str(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

int fe_map_get(const fe_map *m, const char *key, void **val)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = slot_of(m, key);
	if (!m->keys[i])
		return 0;
	if (val)
		*val = m->vals[i];
	return 1;
}

/* grow: double the table (rehashing every key).  0 or -1. */
static int grow(fe_map *m, onnxc_err *err)
{
	fe_map n = { NULL, NULL, m->cap ? m->cap * 2 : 32, 0 };
	size_t i, j;

	n.keys = onnxc_calloc(n.cap, sizeof *n.keys);
	n.vals = onnxc_calloc(n.cap, sizeof *n.vals);
	if (!n.keys || !n.vals) {
		onnxc_free(n.keys);
		onnxc_free(n.vals);
		return onnxc_oom(err);
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			j = slot_of(&n, m->keys[i]);
			n.keys[j] = m->keys[i];
			n.vals[j] = m->vals[i];
			n.used++;
		}
	fe_map_free(m);
	*m = n;
	return 0;
}

int fe_map_put(fe_map *m, const char *key, void *val, onnxc_err *err)
{
	size_t i;

	if ((m->used + 1) * 2 > m->cap && grow(m, err))
		return -1;
	i = slot_of(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->used++;
	}
	m->vals[i] = val;
	return 0;
}

void fe_map_free(fe_map *m)
{
	onnxc_free(m->keys);
	onnxc_free(m->vals);
	memset(m, 0, sizeof *m);
}
