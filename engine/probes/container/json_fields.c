#include <string.h>

#include "common/error_internal.h"
#include "common/xml_text.h"
#include "probes/container/json_fields.h"

bool json_field_member(json_object *obj, const char *key, json_type type, json_object **out)
{
	json_object *v;

	*out = NULL;
	if (!obj || !json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return true;
	if (!json_object_is_type(v, type))
		return false;
	*out = v;
	return true;
}

bool json_field_text_ok(json_object *s)
{
	const char *text = json_object_get_string(s);
	size_t len = (size_t)json_object_get_string_len(s);

	/* "\u0000" decodes to a NUL inside the string: copied as a C string it
	 * would cut the text short (a name "ucp\u0000-evil" read as "ucp"). */
	return text && memchr(text, '\0', len) == NULL && utf8_valid(text, len);
}

int json_field_string(struct arena *a, json_object *obj, const char *key, const char **out)
{
	json_object *v;

	*out = "";
	if (!json_field_member(obj, key, json_type_string, &v))
		return FIELD_BAD_TYPE;
	/* json-c lets some malformed UTF-8 and embedded NULs through; the text is evidence, so refuse it. */
	if (v && !json_field_text_ok(v))
		return FIELD_BAD_TYPE;
	if (v && !(*out = arena_strndup(a, json_object_get_string(v),
					 (size_t)json_object_get_string_len(v))))
		return FIELD_NO_MEMORY;
	return 0;
}

int json_field_bool(json_object *obj, const char *key, bool *out)
{
	json_object *v;

	*out = false;
	if (!json_field_member(obj, key, json_type_boolean, &v))
		return FIELD_BAD_TYPE;
	*out = v && json_object_get_boolean(v);
	return 0;
}

int json_field_int(json_object *obj, const char *key, bool *present, long long *out)
{
	json_object *v;

	*present = false;
	*out = 0;
	if (!json_field_member(obj, key, json_type_int, &v))
		return FIELD_BAD_TYPE;
	if (v) {
		*present = true;
		*out = json_object_get_int64(v);
	}
	return 0;
}

int json_field_strings(struct arena *a, json_object *obj, const char *key, const char ***out,
		       size_t *n_out)
{
	json_object *v;

	*out = NULL;
	*n_out = 0;
	if (!json_field_member(obj, key, json_type_array, &v))
		return FIELD_BAD_TYPE;
	if (!v)
		return 0;
	size_t n = json_object_array_length(v);
	const char **arr = arena_calloc(a, n ? n : 1, sizeof(*arr));
	if (!arr)
		return FIELD_NO_MEMORY;
	for (size_t i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(v, i);
		if (!json_object_is_type(s, json_type_string) || !json_field_text_ok(s))
			return FIELD_BAD_TYPE;
		if (!(arr[i] = arena_strndup(a, json_object_get_string(s), (size_t)json_object_get_string_len(s))))
			return FIELD_NO_MEMORY;
	}
	*out = arr;
	*n_out = n;
	return 0;
}

int json_field_object(json_object *obj, const char *key, json_object **out)
{
	return json_field_member(obj, key, json_type_object, out) ? 0 : FIELD_BAD_TYPE;
}

int json_fields_error(int bits, const char *what)
{
	if (bits & FIELD_NO_MEMORY)
		return cscap_err_oom();
	if (bits)
		return cscap_err(CSCAP_EENGINE, "%s: a field has the wrong type", what);
	return 0;
}
