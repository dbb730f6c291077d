#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xml_text.h"

/* Decode one character at s (n bytes left); its length, or 0 when malformed. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2, min = 0x80, *cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, min = 0x800, *cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, *cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

static bool xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	for (size_t i = 0; i < len;) {
		size_t n = decode(p + i, len - i, &cp);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

bool xml_text_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	uint32_t cp;

	for (size_t i = 0; i < len;) {
		/* Plain printable ASCII is the common case. */
		if (p[i] >= 0x20 && p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = decode(p + i, len - i, &cp);
		if (!n || !xml_char(cp))
			return false;
		i += n;
	}
	return true;
}

char *xml_text_repair(const char *s)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	char *out = malloc(len * 3 + 1), *o = out;
	uint32_t cp;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = decode(p + i, len - i, &cp);
		if (n && xml_char(cp)) {
			memcpy(o, p + i, n);
			o += n;
			i += n;
		} else {
			memcpy(o, replacement, 3);
			o += 3;
			i += n ? n : 1;
		}
	}
	*o = '\0';
	return out;
}
