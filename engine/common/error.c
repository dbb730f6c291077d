/* One error channel for the whole library: a code plus a per-thread message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cscap/error.h"
#include "common/error_internal.h"

/* Thread-local so two sessions on two threads never see each other's detail. */
static _Thread_local char last_message[1024];
static _Thread_local int last_code;

const char *cscap_error_last(void)
{
	return last_message;
}

int cscap_error_last_code(void)
{
	return last_code;
}

void cscap_error_clear(void)
{
	last_message[0] = '\0';
	last_code = CSCAP_OK;
}

const char *cscap_code_str(int code)
{
	switch (code) {
	case CSCAP_OK: return "success";
	case CSCAP_ENOMEM: return "out of memory";
	case CSCAP_EIO: return "input/output error";
	case CSCAP_EPARSE: return "parse error";
	case CSCAP_EINVALID: return "invalid content";
	case CSCAP_ENOTFOUND: return "not found";
	case CSCAP_EUNSUPPORTED: return "unsupported";
	case CSCAP_EENGINE: return "container engine error";
	case CSCAP_EUSAGE: return "usage error";
	case CSCAP_EREFUSED: return "refused";
	}
	return "unknown error";
}

int cscap_err(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
	/* Messages are one line by contract; fold any newline a library gave us. */
	for (char *p = last_message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	last_code = code;
	return code;
}

int cscap_err_oom(void)
{
	return cscap_err(CSCAP_ENOMEM, "out of memory");
}
