/*
 * Typed reads of members of untrusted JSON objects (engine replies, the
 * engine's files).  A member that is absent or null reads as empty; one of
 * another type is an error.  Readers return 0 or an or-able set of bits so
 * that a run of fields can be read and checked once.
 */
#ifndef CSCAP_JSON_FIELDS_H
#define CSCAP_JSON_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "common/arena.h"

enum { FIELD_BAD_TYPE = 1, FIELD_NO_MEMORY = 2 };

/* A JSON string (s of type string) fit to copy as C text: valid UTF-8, no embedded NUL. */
bool json_field_text_ok(json_object *s);
/* The member key of obj when it has type type; true also when absent (then *out is NULL). */
bool json_field_member(json_object *obj, const char *key, json_type type, json_object **out);
/* A string copied into the arena; "" when absent. */
int json_field_string(struct arena *a, json_object *obj, const char *key, const char **out);
int json_field_bool(json_object *obj, const char *key, bool *out);
/* An integer; *present says whether it was there. */
int json_field_int(json_object *obj, const char *key, bool *present, long long *out);
/* An array of strings copied into the arena; NULL/0 when absent. */
int json_field_strings(struct arena *a, json_object *obj, const char *key, const char ***out,
		       size_t *n);
/* An object member, NULL when absent; FIELD_BAD_TYPE when it is something else. */
int json_field_object(json_object *obj, const char *key, json_object **out);
/* 0, or the cscap error the bits stand for ("WHAT: a field has the wrong type"). */
int json_fields_error(int bits, const char *what);

#endif
