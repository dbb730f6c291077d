/*
 * cscap error model.
 *
 * Every public function that can fail returns 0 on success or one of the
 * negative cscap_code values below.  The human-readable detail of the most
 * recent failure on the calling thread is kept until the next failure and is
 * fetched with cscap_error_last().
 */
#ifndef CSCAP_ERROR_H
#define CSCAP_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the functions the shared library exports; everything else is hidden. */
#if defined(__GNUC__)
#define CSCAP_API __attribute__((visibility("default")))
#else
#define CSCAP_API
#endif

typedef enum cscap_code {
	CSCAP_OK = 0,
	CSCAP_ENOMEM = -1,       /* out of memory */
	CSCAP_EIO = -2,          /* a file could not be read or written */
	CSCAP_EPARSE = -3,       /* input is not well-formed or not what it claims */
	CSCAP_EINVALID = -4,     /* input breaks a schema or a rule of its spec */
	CSCAP_ENOTFOUND = -5,    /* a referenced id, profile or component is missing */
	CSCAP_EUNSUPPORTED = -6, /* valid input that cscap cannot process */
	CSCAP_EENGINE = -7,      /* the container engine could not be queried */
	CSCAP_EUSAGE = -8,       /* the caller used the API wrongly */
	CSCAP_EREFUSED = -9      /* refused for safety (hostile input, output over input) */
} cscap_code;

/*
 * The message of the last failure on this thread, or "" when there was none.
 * The string belongs to the library and stays valid until the next cscap call
 * on this thread.
 */
CSCAP_API const char *cscap_error_last(void);

/* The code of the last failure on this thread, CSCAP_OK when there was none. */
CSCAP_API int cscap_error_last_code(void);

/* Forget the last failure on this thread. */
CSCAP_API void cscap_error_clear(void);

/* A fixed description of a code ("out of memory", ...). Never NULL. */
CSCAP_API const char *cscap_code_str(int code);

#ifdef __cplusplus
}
#endif
#endif
