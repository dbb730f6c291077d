/*
 * Unit tests of engine/probes/host: the standard OVAL probes (family,
 * uname, file, textfilecontent54, variable, environmentvariable58,
 * process58, dpkginfo) run through probe_collect() on OVAL objects built in
 * memory, against a directory tree the test makes (known contents, modes,
 * links, nested folders) and against this machine where the answer is known
 * (uname(2), the test's own process and environment, dpkg's database).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <linux/openat2.h>

#include "cscap/error.h"
#include "common/xml_read.h"
#include "loader/loader.h"
#include "model/oval.h"
#include "model/oval_compare.h"
#include "probes/probe.h"
#include "probes/syschar.h"

#include "test_util.h"

#define NS_IND "http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"
#define NS_UNIX "http://oval.mitre.org/XMLSchema/oval-definitions-5#unix"
#define NS_LINUX "http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"

/*
 * The objects under test.  @T@ is the test's directory tree, @PID@ the
 * test's pid; the tree is made by make_tree() below.
 */
static const char objects_template[] =
	"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\""
	" xmlns:ind=\"" NS_IND "\" xmlns:unix=\"" NS_UNIX "\" xmlns:lin=\"" NS_LINUX "\""
	" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
	"<objects>\n"
	/* family, uname */
	" <ind:family_object id=\"oval:h:obj:1\" version=\"1\"/>\n"
	" <unix:uname_object id=\"oval:h:obj:2\" version=\"1\"/>\n"
	/* file: filepath equals, a link, setuid, a missing one, path+filename pattern, nil */
	" <unix:file_object id=\"oval:h:obj:10\" version=\"1\"><unix:filepath>@T@/etc/a.conf</unix:filepath></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:11\" version=\"1\"><unix:filepath>@T@/etc/link_to_a</unix:filepath></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:12\" version=\"1\"><unix:filepath>@T@/etc/setuid</unix:filepath></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:13\" version=\"1\"><unix:filepath>@T@/etc/missing</unix:filepath></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:14\" version=\"1\"><unix:path>@T@/etc</unix:path>"
	"<unix:filename operation=\"pattern match\">\\.conf$</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:15\" version=\"1\"><unix:path>@T@/etc/sub</unix:path>"
	"<unix:filename xsi:nil=\"true\"/></unix:file_object>\n"
	/* file: recursion down, bounded, directories only, up */
	" <unix:file_object id=\"oval:h:obj:16\" version=\"1\"><unix:behaviors recurse_direction=\"down\"/>"
	"<unix:path>@T@/etc</unix:path><unix:filename>c.conf</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:17\" version=\"1\"><unix:behaviors recurse_direction=\"down\" max_depth=\"1\"/>"
	"<unix:path>@T@/etc</unix:path><unix:filename>c.conf</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:18\" version=\"1\"><unix:behaviors recurse_direction=\"down\" recurse=\"directories\"/>"
	"<unix:path>@T@/etc</unix:path><unix:filename>d.conf</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:19\" version=\"1\"><unix:behaviors recurse_direction=\"up\" max_depth=\"2\"/>"
	"<unix:path>@T@/etc/sub/deep</unix:path><unix:filename>a.conf</unix:filename></unix:file_object>\n"
	/* file: filepath pattern (walks from its literal directory), var_ref, unreadable */
	" <unix:file_object id=\"oval:h:obj:20\" version=\"1\">"
	"<unix:filepath operation=\"pattern match\">^@T@/etc/sub/.*\\.conf$</unix:filepath></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:21\" version=\"1\">"
	"<unix:filepath var_ref=\"oval:h:var:paths\" var_check=\"at least one\"/></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:22\" version=\"1\"><unix:path>@T@/locked</unix:path>"
	"<unix:filename operation=\"pattern match\">.*</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:23\" version=\"1\">"
	"<unix:filepath var_ref=\"oval:h:var:empty\"/></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:28\" version=\"1\">"
	"<unix:filepath var_ref=\"oval:h:var:ext\"/></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:24\" version=\"1\"><unix:path>@T@/etc</unix:path>"
	"<unix:filename operation=\"pattern match\">(</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:25\" version=\"1\"><unix:behaviors recurse_direction=\"sideways\"/>"
	"<unix:path>@T@/etc</unix:path><unix:filename>a.conf</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:26\" version=\"1\"><unix:path operation=\"pattern match\">^@T@/etc/s[a-z]+$</unix:path>"
	"<unix:filename>d.conf</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:27\" version=\"1\"><unix:filepath>etc/a.conf</unix:filepath></unix:file_object>\n"
	/* textfilecontent54 */
	" <ind:textfilecontent54_object id=\"oval:h:obj:30\" version=\"1\"><ind:filepath>@T@/etc/a.conf</ind:filepath>"
	"<ind:pattern operation=\"pattern match\">^(\\w+)\\s*=\\s*(\\w+)$</ind:pattern>"
	"<ind:instance datatype=\"int\" operation=\"greater than or equal\">1</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:31\" version=\"1\"><ind:filepath>@T@/etc/a.conf</ind:filepath>"
	"<ind:pattern operation=\"pattern match\">^(\\w+)\\s*=\\s*(\\w+)$</ind:pattern>"
	"<ind:instance datatype=\"int\">-1</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:32\" version=\"1\"><ind:behaviors multiline=\"false\"/>"
	"<ind:filepath>@T@/etc/a.conf</ind:filepath><ind:pattern operation=\"pattern match\">^beta</ind:pattern>"
	"<ind:instance datatype=\"int\">1</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:33\" version=\"1\"><ind:behaviors singleline=\"true\"/>"
	"<ind:filepath>@T@/etc/a.conf</ind:filepath><ind:pattern operation=\"pattern match\">alpha=1.beta</ind:pattern>"
	"<ind:instance datatype=\"int\">1</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:34\" version=\"1\">"
	"<ind:filepath>@T@/etc/a.conf</ind:filepath><ind:pattern operation=\"pattern match\">alpha=1.beta</ind:pattern>"
	"<ind:instance datatype=\"int\">1</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:35\" version=\"1\"><ind:behaviors ignore_case=\"true\"/>"
	"<ind:filepath>@T@/etc/a.conf</ind:filepath><ind:pattern operation=\"pattern match\">^ALPHA=(\\d)</ind:pattern>"
	"<ind:instance datatype=\"int\" operation=\"greater than\">0</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:36\" version=\"1\"><ind:path>@T@/etc</ind:path>"
	"<ind:filename operation=\"pattern match\">^[a-z_]+\\.conf$|^link_to_a$</ind:filename>"
	"<ind:pattern operation=\"pattern match\">^alpha=(\\d)</ind:pattern>"
	"<ind:instance datatype=\"int\">1</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:37\" version=\"1\"><ind:filepath>@T@/etc/a.conf</ind:filepath>"
	"<ind:pattern operation=\"pattern match\">([a-</ind:pattern>"
	"<ind:instance datatype=\"int\">1</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:38\" version=\"1\"><ind:filepath>@T@/etc/a.conf</ind:filepath>"
	"<ind:pattern operation=\"pattern match\">^a(x)?lpha=(\\d)$</ind:pattern>"
	"<ind:instance datatype=\"int\" operation=\"greater than or equal\">-2</ind:instance></ind:textfilecontent54_object>\n"
	" <ind:textfilecontent54_object id=\"oval:h:obj:39\" version=\"1\"><ind:filepath>@T@/etc/a.conf</ind:filepath>"
	"<ind:pattern operation=\"pattern match\" var_ref=\"oval:h:var:patterns\"/>"
	"<ind:instance datatype=\"int\">1</ind:instance></ind:textfilecontent54_object>\n"
	/* variable */
	" <ind:variable_object id=\"oval:h:obj:40\" version=\"1\"><ind:var_ref>oval:h:var:paths</ind:var_ref></ind:variable_object>\n"
	" <ind:variable_object id=\"oval:h:obj:41\" version=\"1\"><ind:var_ref>oval:h:var:ext</ind:var_ref></ind:variable_object>\n"
	" <ind:variable_object id=\"oval:h:obj:42\" version=\"1\">"
	"<ind:var_ref operation=\"pattern match\">^oval:h:var:paths$</ind:var_ref></ind:variable_object>\n"
	/* environmentvariable58 */
	" <ind:environmentvariable58_object id=\"oval:h:obj:50\" version=\"1\"><ind:pid xsi:nil=\"true\" datatype=\"int\"/>"
	"<ind:name>CSCAP_HOST_TEST</ind:name></ind:environmentvariable58_object>\n"
	" <ind:environmentvariable58_object id=\"oval:h:obj:51\" version=\"1\"><ind:pid datatype=\"int\" var_ref=\"oval:h:var:pid\"/>"
	"<ind:name operation=\"pattern match\">^CSCAP_ENV_</ind:name></ind:environmentvariable58_object>\n"
	/* process58 */
	" <unix:process58_object id=\"oval:h:obj:60\" version=\"1\">"
	"<unix:command_line operation=\"pattern match\">host_probes_test</unix:command_line>"
	"<unix:pid datatype=\"int\">@PID@</unix:pid></unix:process58_object>\n"
	" <unix:process58_object id=\"oval:h:obj:61\" version=\"1\">"
	"<unix:command_line operation=\"pattern match\">^no such command line anywhere$</unix:command_line>"
	"<unix:pid datatype=\"int\" operation=\"greater than\">0</unix:pid></unix:process58_object>\n"
	/* dpkginfo */
	" <lin:dpkginfo_object id=\"oval:h:obj:70\" version=\"1\"><lin:name>dpkg</lin:name></lin:dpkginfo_object>\n"
	" <lin:dpkginfo_object id=\"oval:h:obj:71\" version=\"1\"><lin:name>libfoo</lin:name></lin:dpkginfo_object>\n"
	" <lin:dpkginfo_object id=\"oval:h:obj:72\" version=\"1\"><lin:name operation=\"pattern match\">^(bar|gone|half)$</lin:name></lin:dpkginfo_object>\n"
	" <lin:dpkginfo_object id=\"oval:h:obj:73\" version=\"1\"><lin:name>no-such-package-anywhere</lin:name></lin:dpkginfo_object>\n"
	/* the root confinement: /link is absolute, and resolves inside the root */
	" <ind:textfilecontent54_object id=\"oval:h:obj:80\" version=\"1\"><ind:filepath>/link</ind:filepath>"
	"<ind:pattern operation=\"pattern match\">^(.*)$</ind:pattern>"
	"<ind:instance datatype=\"int\">1</ind:instance></ind:textfilecontent54_object>\n"
	" <unix:file_object id=\"oval:h:obj:81\" version=\"1\"><unix:path>/</unix:path>"
	"<unix:filename>link</unix:filename></unix:file_object>\n"
	" <unix:file_object id=\"oval:h:obj:82\" version=\"1\"><unix:behaviors recurse_direction=\"down\"/>"
	"<unix:path>/</unix:path><unix:filename>passwd</unix:filename></unix:file_object>\n"
	"</objects>\n"
	"<variables>\n"
	" <constant_variable id=\"oval:h:var:paths\" version=\"1\" datatype=\"string\" comment=\"p\">"
	"<value>@T@/etc/a.conf</value><value>@T@/etc/b.conf</value></constant_variable>\n"
	" <constant_variable id=\"oval:h:var:patterns\" version=\"1\" datatype=\"string\" comment=\"p\">"
	"<value>^beta</value><value>^#(\\w+)</value></constant_variable>\n"
	" <external_variable id=\"oval:h:var:ext\" version=\"1\" datatype=\"string\" comment=\"e\"/>\n"
	" <external_variable id=\"oval:h:var:empty\" version=\"1\" datatype=\"string\" comment=\"e\"/>\n"
	" <external_variable id=\"oval:h:var:pid\" version=\"1\" datatype=\"int\" comment=\"e\"/>\n"
	"</variables>\n"
	"</oval_definitions>\n";

struct fixture {
	char *dir;          /* the test's tree */
	char *root;         /* dir/root: a filesystem image for offline scans */
	xmlDocPtr xml;
	struct oval_document *doc;
	struct regex_cache *re;
	struct oval_binding bindings[2];
	const char *child_pid[1];
	struct oval_var_env env;
};

static const char a_conf[] = "alpha=1\nbeta = two\n#gamma=3\nalpha=4\n";

static const char dpkg_status[] =
	"Package: libfoo\n"
	"Status: install ok installed\n"
	"Priority: optional\n"
	"Architecture: amd64\n"
	"Multi-Arch: same\n"
	"Version: 1:2.3.4-5+deb12u1\n"
	"Description: a library\n"
	" with a long description: Package: fake\n"
	" .\n"
	" Version: 9\n"
	"\n"
	"Package: libfoo\n"
	"Status: install ok installed\n"
	"Architecture: i386\n"
	"Version: 1:2.3.4-5+deb12u1\n"
	"\n"
	"Package: bar\n"
	"Status: install ok installed\n"
	"Architecture: all\n"
	"Version: 0.9\n"
	"\n"
	"Package: gone\n"
	"Status: deinstall ok config-files\n"
	"Architecture: amd64\n"
	"Version: 1.0-1\n"
	"\n"
	"package: half\n"
	"status: install reinstreq half-configured\n"
	"architecture: amd64\n"
	"version: 2.0-1\n";

static void write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *path;
	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

static void make_dir(const char *dir, const char *name, mode_t mode)
{
	char *path;
	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	assert_int_equal(mkdir(path, mode), 0);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

static void make_link(const char *dir, const char *name, const char *target)
{
	char *path;
	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	assert_int_equal(symlink(target, path), 0);
	free(path);
}

/*
 * dir/etc: a.conf (0640), b.conf (0755), setuid (04755), link_to_a -> a.conf,
 *   dir_link -> sub, sub/d.conf, sub/deep/c.conf, sub/loop -> .. (a cycle),
 *   fifo.conf (a FIFO), fifo_link.conf -> fifo.conf
 * dir/locked (0000) with a file in it
 * dir/root: etc/passwd ("root-inside"), link -> /etc/passwd, var/lib/dpkg/status
 */
static void make_tree(struct fixture *fx)
{
	char *etc, *root;

	assert_true(asprintf(&etc, "%s/etc", fx->dir) > 0);
	assert_true(asprintf(&root, "%s/root", fx->dir) > 0);
	assert_int_equal(chmod(fx->dir, 0755), 0);
	make_dir(fx->dir, "etc", 0755);
	write_file(etc, "a.conf", a_conf, 0640);
	write_file(etc, "b.conf", "x\n", 0755);
	write_file(etc, "setuid", "", 04755);
	make_link(etc, "link_to_a", "a.conf");
	make_dir(etc, "sub", 0755);
	make_link(etc, "dir_link", "sub");
	write_file(etc, "sub/d.conf", "d=1\n", 0644);
	make_dir(etc, "sub/deep", 0755);
	write_file(etc, "sub/deep/c.conf", "deep=1\n", 0600);
	make_link(etc, "sub/loop", "..");
	/* A FIFO where text is expected, and a link to it: never opened (it would block). */
	char *fifo;
	assert_true(asprintf(&fifo, "%s/fifo.conf", etc) > 0);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	free(fifo);
	make_link(etc, "fifo_link.conf", "fifo.conf");
	make_dir(fx->dir, "locked", 0755);
	write_file(fx->dir, "locked/secret", "s\n", 0600);
	char *locked;
	assert_true(asprintf(&locked, "%s/locked", fx->dir) > 0);
	assert_int_equal(chmod(locked, 0), 0);
	free(locked);
	make_dir(fx->dir, "root", 0755);
	make_dir(root, "etc", 0755);
	write_file(root, "etc/passwd", "root-inside\n", 0644);
	make_link(root, "link", "/etc/passwd");
	make_dir(root, "var", 0755);
	make_dir(root, "var/lib", 0755);
	make_dir(root, "var/lib/dpkg", 0755);
	write_file(root, "var/lib/dpkg/status", dpkg_status, 0644);
	fx->root = root;
	free(etc);
}

/* The template with @T@ and @PID@ filled in (malloc'd). */
static char *objects_xml(const char *dir)
{
	char pid[24];
	size_t len = 1, longest;
	const char *p;

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	longest = strlen(dir) > strlen(pid) ? strlen(dir) : strlen(pid);
	for (p = objects_template; *p; p++)
		len += *p == '@' ? longest : 1; /* two '@' per placeholder: room to spare */
	char *out = malloc(len), *o = out;
	assert_non_null(out);
	for (p = objects_template; *p;) {
		if (strncmp(p, "@T@", 3) == 0) {
			o = stpcpy(o, dir);
			p += 3;
		} else if (strncmp(p, "@PID@", 5) == 0) {
			o = stpcpy(o, pid);
			p += 5;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *base = getenv("TMPDIR");
	static const char *none[1];
	char *xml;

	if (!fx || asprintf(&fx->dir, "%s/cscap-host-XXXXXX", base && *base ? base : "/tmp") < 0 ||
	    !mkdtemp(fx->dir))
		return -1;
	make_tree(fx);
	xml = objects_xml(fx->dir);
	if (xml_read_memory(&fx->xml, xml, strlen(xml), "host.xml") ||
	    oval_document_build(&fx->doc, xmlDocGetRootElement(fx->xml), "host.xml") ||
	    regex_cache_new(&fx->re)) {
		print_error("fixture: %s\n", cscap_error_last());
		free(xml);
		return -1;
	}
	free(xml);
	/* oval:h:var:empty is bound with no values; oval:h:var:ext is left unbound. */
	fx->bindings[0] = (struct oval_binding){"oval:h:var:empty", none, 0};
	fx->env.doc = fx->doc;
	fx->env.bindings = fx->bindings;
	fx->env.n_bindings = 1;
	*state = fx;
	return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DNR || flag == FTW_D)
		chmod(path, 0700);
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char *locked;

	if (!fx)
		return 0;
	if (asprintf(&locked, "%s/locked", fx->dir) > 0) {
		chmod(locked, 0700);
		free(locked);
	}
	nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); /* its own rm_entry: unlocks folders first */
	regex_cache_free(fx->re);
	oval_document_free(fx->doc);
	xmlFreeDoc(fx->xml);
	free(fx->root);
	free(fx->dir);
	free(fx);
	return 0;
}

/* ------------------------------------------------------------------ helpers */

struct scan {
	struct probe_session *ps;
	struct syschar sc;
};

static void scan_start(struct fixture *fx, struct scan *s, const char *root)
{
	struct probe_config cfg = {.engine_url = "unix:///nonexistent/x.sock", .root = root};

	assert_int_equal(probe_session_new(&s->ps, &cfg), 0);
	assert_int_equal(syschar_init(&s->sc, fx->doc), 0);
}

static void scan_end(struct scan *s)
{
	syschar_release(&s->sc);
	probe_session_free(s->ps);
}

static const struct oval_collected *collect(struct fixture *fx, struct scan *s, const char *id)
{
	const struct oval_object *o = oval_document_object(fx->doc, id);

	if (!o)
		fail_msg("no object %s", id);
	size_t i = (size_t)(o - fx->doc->objects);
	if (probe_collect(s->ps, &s->sc, fx->doc, i, &fx->env, fx->re))
		fail_msg("probe_collect %s failed: %s", id, cscap_error_last());
	return &s->sc.objects[i];
}

static const char *messages(const struct oval_collected *col, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < col->n_messages && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s[%s] %s", i ? " | " : "",
					oval_message_level_name(col->messages[i].level), col->messages[i].text);
	return buf;
}

static void expect_flag(const struct oval_collected *col, enum oval_flag flag)
{
	char buf[2048];

	if (col->flag != flag)
		fail_msg("%s: flag %s, expected %s (%s)", col->object->id, oval_flag_name(col->flag),
			 oval_flag_name(flag), messages(col, buf, sizeof(buf)));
}

/* The value of the n-th (from 0) entity called name; NULL when there is none. */
static const struct oval_item_entity *entity_n(const struct oval_item *it, const char *name, size_t n)
{
	for (size_t i = 0; i < it->n_entities; i++)
		if (strcmp(it->entities[i].name, name) == 0 && n-- == 0)
			return &it->entities[i];
	return NULL;
}

static const char *value(const struct oval_item *it, const char *name)
{
	const struct oval_item_entity *e = entity_n(it, name, 0);

	if (!e)
		fail_msg("item %lu has no %s", it->id, name);
	return e->value;
}

static size_t count(const struct oval_item *it, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < it->n_entities; i++)
		n += strcmp(it->entities[i].name, name) == 0;
	return n;
}

static char *path_of(struct fixture *fx, const char *rel)
{
	static char buf[4][1024];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", fx->dir, rel);
	return buf[k];
}

/* Can lookups be kept inside a root here?  (Not under valgrind, which lacks openat2.) */
static bool have_openat2(void)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));

	if (fd >= 0)
		close((int)fd);
	return fd >= 0;
}

/* ------------------------------------------------------------------ family, uname */

static void test_family(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	scan_start(fx, &s, NULL);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:1");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(col->items[0]->type, "family_item");
	assert_string_equal(value(col->items[0], "family"), "unix");
	scan_end(&s);
}

static void test_uname(void **state)
{
	struct fixture *fx = *state;
	struct utsname u;
	struct scan s;

	assert_int_equal(uname(&u), 0);
	scan_start(fx, &s, NULL);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:2");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	const struct oval_item *it = col->items[0];
	assert_string_equal(it->ns, "http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#unix");
	/* The schema's order. */
	static const char *const order[] = {"machine_class", "node_name", "os_name", "os_release",
					    "os_version", "processor_type"};
	assert_int_equal(it->n_entities, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(it->entities[i].name, order[i]);
	assert_string_equal(value(it, "machine_class"), u.machine);
	assert_string_equal(value(it, "node_name"), u.nodename);
	assert_string_equal(value(it, "os_name"), u.sysname);
	assert_string_equal(value(it, "os_release"), u.release);
	assert_string_equal(value(it, "os_version"), u.version);
	scan_end(&s);

	/* Offline there is no running kernel: not collected, never the scanner's. */
	scan_start(fx, &s, fx->root);
	col = collect(fx, &s, "oval:h:obj:2");
	expect_flag(col, OVAL_FLAG_NOT_COLLECTED);
	assert_int_equal(col->n_items, 0);
	assert_contains(col->messages[0].text, fx->root);
	scan_end(&s);
}

/* ------------------------------------------------------------------ file */

static void test_file_item(void **state)
{
	struct fixture *fx = *state;
	struct scan s;
	struct stat st;
	char num[32];

	scan_start(fx, &s, NULL);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:10");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	const struct oval_item *it = col->items[0];
	static const char *const order[] = {
		"filepath", "path", "filename", "type", "group_id", "user_id", "a_time", "c_time",
		"m_time", "size", "suid", "sgid", "sticky", "uread", "uwrite", "uexec", "gread",
		"gwrite", "gexec", "oread", "owrite", "oexec", "has_extended_acl"};
	assert_int_equal(it->n_entities, 23);
	for (size_t i = 0; i < 23; i++)
		assert_string_equal(it->entities[i].name, order[i]);
	assert_string_equal(value(it, "filepath"), path_of(fx, "etc/a.conf"));
	assert_string_equal(value(it, "path"), path_of(fx, "etc"));
	assert_string_equal(value(it, "filename"), "a.conf");
	assert_string_equal(value(it, "type"), "regular");
	assert_int_equal(lstat(path_of(fx, "etc/a.conf"), &st), 0);
	snprintf(num, sizeof(num), "%ld", (long)st.st_uid);
	assert_string_equal(value(it, "user_id"), num);
	snprintf(num, sizeof(num), "%ld", (long)st.st_gid);
	assert_string_equal(value(it, "group_id"), num);
	snprintf(num, sizeof(num), "%ld", (long)st.st_mtime);
	assert_string_equal(value(it, "m_time"), num);
	snprintf(num, sizeof(num), "%zu", strlen(a_conf));
	assert_string_equal(value(it, "size"), num);
	/* 0640 */
	assert_string_equal(value(it, "uread"), "true");
	assert_string_equal(value(it, "uwrite"), "true");
	assert_string_equal(value(it, "uexec"), "false");
	assert_string_equal(value(it, "gread"), "true");
	assert_string_equal(value(it, "gwrite"), "false");
	assert_string_equal(value(it, "oread"), "false");
	assert_string_equal(value(it, "suid"), "false");
	assert_string_equal(value(it, "has_extended_acl"), "false");
	assert_int_equal(entity_n(it, "size", 0)->datatype, OVAL_DT_INT);
	assert_int_equal(entity_n(it, "suid", 0)->datatype, OVAL_DT_BOOLEAN);

	/* A link is reported as itself. */
	col = collect(fx, &s, "oval:h:obj:11");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_string_equal(value(col->items[0], "type"), "symbolic link");
	/* 04755 */
	col = collect(fx, &s, "oval:h:obj:12");
	assert_string_equal(value(col->items[0], "suid"), "true");
	assert_string_equal(value(col->items[0], "uexec"), "true");
	assert_string_equal(value(col->items[0], "oexec"), "true");
	assert_string_equal(value(col->items[0], "owrite"), "false");
	/* A file that is not there: does not exist, and no error. */
	col = collect(fx, &s, "oval:h:obj:13");
	expect_flag(col, OVAL_FLAG_DOES_NOT_EXIST);
	assert_int_equal(col->n_messages, 0);
	scan_end(&s);
}

static void test_file_selection(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	scan_start(fx, &s, NULL);
	/* path equals, filename pattern: only that directory's .conf files, sorted. */
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:14");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 4);
	assert_string_equal(value(col->items[0], "filename"), "a.conf");
	assert_string_equal(value(col->items[1], "filename"), "b.conf");
	assert_string_equal(value(col->items[2], "filename"), "fifo.conf");
	assert_string_equal(value(col->items[2], "type"), "named pipe");
	assert_string_equal(value(col->items[3], "type"), "symbolic link");
	/* The same file reached by two objects is one item. */
	const struct oval_collected *first = collect(fx, &s, "oval:h:obj:10");
	assert_ptr_equal(first->items[0], col->items[0]);

	/* filename nil: the directory itself, without filepath. */
	col = collect(fx, &s, "oval:h:obj:15");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_null(entity_n(col->items[0], "filepath", 0));
	assert_string_equal(value(col->items[0], "path"), path_of(fx, "etc/sub"));
	assert_string_equal(value(col->items[0], "filename"), "");
	assert_string_equal(value(col->items[0], "type"), "directory");

	/* filepath pattern: the walk starts at the pattern's literal directory, and follows
	 * links: sub/loop leads to etc once (its four .conf), then the cycle is cut. */
	col = collect(fx, &s, "oval:h:obj:20");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 6);
	assert_string_equal(value(col->items[0], "filepath"), path_of(fx, "etc/sub/d.conf"));
	assert_string_equal(value(col->items[1], "filepath"), path_of(fx, "etc/sub/deep/c.conf"));
	assert_string_equal(value(col->items[2], "filepath"), path_of(fx, "etc/sub/loop/a.conf"));
	assert_string_equal(value(col->items[3], "filepath"), path_of(fx, "etc/sub/loop/b.conf"));

	/* var_ref with var_check "at least one": both files of the variable. */
	col = collect(fx, &s, "oval:h:obj:21");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 2);
	assert_ptr_equal(col->items[0], first->items[0]);

	/* A variable without values: the object does not exist (OVAL 5.11), be it bound to
	 * no values or an external one nobody supplied. */
	col = collect(fx, &s, "oval:h:obj:23");
	expect_flag(col, OVAL_FLAG_DOES_NOT_EXIST);
	col = collect(fx, &s, "oval:h:obj:28");
	expect_flag(col, OVAL_FLAG_DOES_NOT_EXIST);
	assert_contains(col->messages[0].text, "oval:h:var:ext");

	/* A pattern that does not compile is an error naming the entity. */
	col = collect(fx, &s, "oval:h:obj:24");
	expect_flag(col, OVAL_FLAG_ERROR);
	assert_contains(col->messages[0].text, "filename");

	/* A behavior the schema does not allow is an error naming it. */
	col = collect(fx, &s, "oval:h:obj:25");
	expect_flag(col, OVAL_FLAG_ERROR);
	assert_contains(col->messages[0].text, "recurse_direction='sideways'");

	/* path pattern: each directory the pattern matches (sub; not the link dir_link). */
	col = collect(fx, &s, "oval:h:obj:26");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(value(col->items[0], "filepath"), path_of(fx, "etc/sub/d.conf"));

	/* A relative path means nothing on a host: an error, not a guess. */
	col = collect(fx, &s, "oval:h:obj:27");
	expect_flag(col, OVAL_FLAG_ERROR);
	assert_contains(col->messages[0].text, "not an absolute path");
	scan_end(&s);
}

static void test_file_recursion(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	scan_start(fx, &s, NULL);
	/* Down without limit: sub/deep/c.conf, two levels below, also through the link to
	 * sub; sub/loop leads back up and is not taken again. */
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:16");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 2);
	assert_string_equal(value(col->items[0], "path"), path_of(fx, "etc/dir_link/deep"));
	assert_string_equal(value(col->items[1], "path"), path_of(fx, "etc/sub/deep"));
	/* max_depth 1 stops one level down. */
	col = collect(fx, &s, "oval:h:obj:17");
	expect_flag(col, OVAL_FLAG_DOES_NOT_EXIST);
	/* Directories only: d.conf is found in sub, never through dir_link. */
	col = collect(fx, &s, "oval:h:obj:18");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(value(col->items[0], "path"), path_of(fx, "etc/sub"));
	/* Up two levels from sub/deep: etc/a.conf. */
	col = collect(fx, &s, "oval:h:obj:19");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(value(col->items[0], "filepath"), path_of(fx, "etc/a.conf"));
	scan_end(&s);
}

static void test_file_unreadable(void **state)
{
	struct fixture *fx = *state;
	struct scan s;
	char buf[2048];
	bool root = geteuid() == 0;

	scan_start(fx, &s, NULL);
	/* Root reads anything: look as nobody so that the mode 0 directory is refused. */
	if (root)
		assert_int_equal(seteuid(65534), 0);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:22");
	if (root)
		assert_int_equal(seteuid(0), 0);
	expect_flag(col, OVAL_FLAG_ERROR);
	assert_int_equal(col->n_items, 0);
	assert_contains(messages(col, buf, sizeof(buf)), path_of(fx, "locked"));
	assert_contains(buf, "Permission denied");
	scan_end(&s);
}

/* ------------------------------------------------------------------ textfilecontent54 */

static void test_textfilecontent(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	scan_start(fx, &s, NULL);
	/* Every "name = word" line; #gamma is not one. */
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:30");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 3);
	const struct oval_item *it = col->items[1];
	static const char *const order[] = {"filepath", "path", "filename", "pattern", "instance",
					    "text", "subexpression", "subexpression"};
	assert_int_equal(it->n_entities, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(it->entities[i].name, order[i]);
	assert_string_equal(value(it, "filepath"), path_of(fx, "etc/a.conf"));
	assert_string_equal(value(it, "filename"), "a.conf");
	assert_string_equal(value(it, "instance"), "2");
	assert_string_equal(value(it, "text"), "beta = two");
	assert_string_equal(entity_n(it, "subexpression", 0)->value, "beta");
	assert_string_equal(entity_n(it, "subexpression", 1)->value, "two");
	assert_string_equal(value(col->items[2], "text"), "alpha=4");

	/* instance -1: the last match, which keeps its own number (3). */
	const struct oval_collected *last = collect(fx, &s, "oval:h:obj:31");
	expect_flag(last, OVAL_FLAG_COMPLETE);
	assert_int_equal(last->n_items, 1);
	assert_string_equal(value(last->items[0], "instance"), "3");
	assert_ptr_equal(last->items[0], col->items[2]); /* the same match is the same item */

	/* multiline="false": ^ is the start of the file only. */
	expect_flag(collect(fx, &s, "oval:h:obj:32"), OVAL_FLAG_DOES_NOT_EXIST);
	/* singleline="true": . matches the newline. */
	col = collect(fx, &s, "oval:h:obj:33");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_string_equal(value(col->items[0], "text"), "alpha=1\nbeta");
	expect_flag(collect(fx, &s, "oval:h:obj:34"), OVAL_FLAG_DOES_NOT_EXIST);
	/* ignore_case="true" */
	col = collect(fx, &s, "oval:h:obj:35");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 2);
	assert_string_equal(value(col->items[1], "subexpression"), "4");

	/* path + filename pattern: a.conf and the link to it (followed); b.conf has no alpha;
	 * the FIFO and the link to it are looked at, never opened. */
	col = collect(fx, &s, "oval:h:obj:36");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 2);
	assert_string_equal(value(col->items[0], "filename"), "a.conf");
	assert_string_equal(value(col->items[1], "filename"), "link_to_a");
	assert_string_equal(value(col->items[1], "subexpression"), "1");

	/* A pattern that does not compile: error, with PCRE2's reason. */
	col = collect(fx, &s, "oval:h:obj:37");
	expect_flag(col, OVAL_FLAG_ERROR);
	assert_contains(col->messages[0].text, "does not compile");

	/* Patterns from a variable: each value is a pattern of its own. */
	col = collect(fx, &s, "oval:h:obj:39");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 2);
	assert_string_equal(value(col->items[0], "pattern"), "^beta");
	assert_string_equal(value(col->items[0], "text"), "beta");
	assert_int_equal(count(col->items[0], "subexpression"), 0);
	assert_string_equal(value(col->items[1], "pattern"), "^#(\\w+)");
	assert_string_equal(value(col->items[1], "subexpression"), "gamma");

	/* instance >= -2: the last two; a group that took no part is an empty subexpression. */
	col = collect(fx, &s, "oval:h:obj:38");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 2);
	assert_string_equal(value(col->items[0], "text"), "alpha=1");
	assert_int_equal(count(col->items[0], "subexpression"), 2);
	assert_string_equal(entity_n(col->items[0], "subexpression", 0)->value, "");
	assert_string_equal(entity_n(col->items[1], "subexpression", 1)->value, "4");
	scan_end(&s);
}

/* ------------------------------------------------------------------ variable */

static void test_variable(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	scan_start(fx, &s, NULL);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:40");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	const struct oval_item *it = col->items[0];
	assert_string_equal(value(it, "var_ref"), "oval:h:var:paths");
	assert_int_equal(count(it, "value"), 2);
	assert_string_equal(entity_n(it, "value", 1)->value, path_of(fx, "etc/b.conf"));

	/* An external variable nobody supplied: error, naming it. */
	col = collect(fx, &s, "oval:h:obj:41");
	expect_flag(col, OVAL_FLAG_ERROR);
	assert_contains(col->messages[0].text, "oval:h:var:ext");

	/* A pattern over the document's variable ids. */
	col = collect(fx, &s, "oval:h:obj:42");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_ptr_equal(col->items[0], it);
	scan_end(&s);
}

/* ------------------------------------------------------------------ environment, process */

/* A child that execs "sleep 60" with the environment given; returns once it has exec'd. */
static pid_t spawn_sleeper(char *const envp[])
{
	int fds[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *argv[] = {"sleep", "60", NULL};
		close(fds[0]);
		execve("/bin/sleep", argv, envp);
		_exit(127);
	}
	close(fds[1]);
	/* The write end closes on exec: EOF means the new program runs. */
	assert_int_equal(read(fds[0], &c, 1), 0);
	close(fds[0]);
	return pid;
}

static void test_environment(void **state)
{
	struct fixture *fx = *state;
	struct scan s;
	char pid[24], child[24];
	char *envp[] = {"CSCAP_ENV_STARTED=yes", "OTHER=1", NULL};

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	assert_int_equal(setenv("CSCAP_HOST_TEST", "value-42", 1), 0);
	pid_t sleeper = spawn_sleeper(envp);
	snprintf(child, sizeof(child), "%ld", (long)sleeper);
	fx->child_pid[0] = child;
	fx->bindings[1] = (struct oval_binding){"oval:h:var:pid", fx->child_pid, 1};
	fx->env.n_bindings = 2;

	scan_start(fx, &s, NULL);
	/* pid nil: the scanner's own environment, with what it set itself. */
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:50");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(value(col->items[0], "pid"), pid);
	assert_string_equal(value(col->items[0], "name"), "CSCAP_HOST_TEST");
	assert_string_equal(value(col->items[0], "value"), "value-42");
	/* By pid (from a variable): /proc/<pid>/environ of the child. */
	col = collect(fx, &s, "oval:h:obj:51");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(value(col->items[0], "pid"), child);
	assert_string_equal(value(col->items[0], "name"), "CSCAP_ENV_STARTED");
	assert_string_equal(value(col->items[0], "value"), "yes");
	scan_end(&s);

	/* Offline: the scanner's own environment still is; another process's is not collected. */
	scan_start(fx, &s, fx->root);
	expect_flag(collect(fx, &s, "oval:h:obj:50"), OVAL_FLAG_COMPLETE);
	expect_flag(collect(fx, &s, "oval:h:obj:51"), OVAL_FLAG_NOT_COLLECTED);
	scan_end(&s);

	kill(sleeper, SIGKILL);
	waitpid(sleeper, NULL, 0);
	unsetenv("CSCAP_HOST_TEST");
}

static void test_process(void **state)
{
	struct fixture *fx = *state;
	struct scan s;
	char pid[24], ppid[24];

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	snprintf(ppid, sizeof(ppid), "%ld", (long)getppid());
	scan_start(fx, &s, NULL);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:60");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	const struct oval_item *it = col->items[0];
	assert_string_equal(it->type, "process58_item");
	assert_string_equal(value(it, "pid"), pid);
	assert_string_equal(value(it, "ppid"), ppid);
	assert_contains(value(it, "command_line"), "host_probes_test");
	static const char *const first[] = {"command_line", "exec_time", "pid", "ppid", "priority",
					    "ruid", "scheduling_class", "start_time", "tty", "user_id",
					    "exec_shield", "loginuid"};
	for (size_t i = 0; i < 12; i++)
		assert_string_equal(it->entities[i].name, first[i]);
	assert_string_equal(it->entities[it->n_entities - 1].name, "session_id");
	char uid[24];
	snprintf(uid, sizeof(uid), "%ld", (long)geteuid());
	assert_string_equal(value(it, "user_id"), uid);
	assert_int_equal(entity_n(it, "exec_shield", 0)->status, OVAL_STATUS_NOT_COLLECTED);
	assert_true(count(it, "posix_capability") >= 1);
	/* Nothing matches: does not exist. */
	expect_flag(collect(fx, &s, "oval:h:obj:61"), OVAL_FLAG_DOES_NOT_EXIST);
	scan_end(&s);

	scan_start(fx, &s, fx->root);
	col = collect(fx, &s, "oval:h:obj:60");
	expect_flag(col, OVAL_FLAG_NOT_COLLECTED);
	assert_contains(col->messages[0].text, "offline");
	scan_end(&s);
}

/* ------------------------------------------------------------------ dpkginfo */

static void test_dpkginfo_fake(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	if (!have_openat2())
		skip(); /* test_root_confinement checks what happens then */
	/* The fake status file is the root's /var/lib/dpkg/status. */
	scan_start(fx, &s, fx->root);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:71");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	/* Installed for two architectures: two items; the description's lines are not fields. */
	assert_int_equal(col->n_items, 2);
	const struct oval_item *it = col->items[0];
	static const char *const order[] = {"name", "arch", "epoch", "release", "version", "evr"};
	assert_int_equal(it->n_entities, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(it->entities[i].name, order[i]);
	assert_string_equal(value(it, "name"), "libfoo");
	assert_string_equal(value(it, "arch"), "amd64");
	assert_string_equal(value(it, "epoch"), "1");
	assert_string_equal(value(it, "version"), "2.3.4");
	assert_string_equal(value(it, "release"), "5+deb12u1");
	assert_string_equal(value(it, "evr"), "1:2.3.4-5+deb12u1");
	assert_int_equal(entity_n(it, "evr", 0)->datatype, OVAL_DT_DEBIAN_EVR_STRING);
	assert_string_equal(value(col->items[1], "arch"), "i386");

	/* config-files is not installed; half-configured is (field names in any case). */
	col = collect(fx, &s, "oval:h:obj:72");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 2);
	assert_string_equal(value(col->items[0], "name"), "bar");
	assert_string_equal(value(col->items[0], "epoch"), "(none)");
	assert_string_equal(value(col->items[0], "release"), "");
	assert_string_equal(value(col->items[0], "evr"), "0:0.9");
	assert_string_equal(value(col->items[1], "name"), "half");
	expect_flag(collect(fx, &s, "oval:h:obj:73"), OVAL_FLAG_DOES_NOT_EXIST);
	scan_end(&s);
}

static void test_dpkginfo_real(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	if (access("/var/lib/dpkg/status", R_OK) != 0)
		skip();
	scan_start(fx, &s, NULL);
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:70");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_true(col->n_items >= 1);
	assert_string_equal(value(col->items[0], "name"), "dpkg");
	assert_true(strlen(value(col->items[0], "version")) > 0);
	expect_flag(collect(fx, &s, "oval:h:obj:73"), OVAL_FLAG_DOES_NOT_EXIST);
	scan_end(&s);
}

/* ------------------------------------------------------------------ the root confinement */

static void test_root_confinement(void **state)
{
	struct fixture *fx = *state;
	struct scan s;

	scan_start(fx, &s, fx->root);
	if (!have_openat2()) {
		/* Links could not be kept inside the root: an error, never the host's files. */
		const struct oval_collected *col = collect(fx, &s, "oval:h:obj:80");
		expect_flag(col, OVAL_FLAG_ERROR);
		assert_contains(col->messages[0].text, "openat2");
		scan_end(&s);
		return;
	}
	/* /link -> /etc/passwd resolves to the root's /etc/passwd, never the host's. */
	const struct oval_collected *col = collect(fx, &s, "oval:h:obj:80");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(value(col->items[0], "filepath"), "/link");
	assert_string_equal(value(col->items[0], "text"), "root-inside");
	/* The file item is the link itself, named as inside the root. */
	col = collect(fx, &s, "oval:h:obj:81");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_string_equal(value(col->items[0], "filepath"), "/link");
	assert_string_equal(value(col->items[0], "type"), "symbolic link");
	/* Recursing from the root's / finds only the root's passwd. */
	col = collect(fx, &s, "oval:h:obj:82");
	expect_flag(col, OVAL_FLAG_COMPLETE);
	assert_int_equal(col->n_items, 1);
	assert_string_equal(value(col->items[0], "filepath"), "/etc/passwd");
	/* The dpkg database is the root's too (see test_dpkginfo_fake): dpkg is not in it. */
	expect_flag(collect(fx, &s, "oval:h:obj:70"), OVAL_FLAG_DOES_NOT_EXIST);
	scan_end(&s);

	/* A root that is not there: every file object is an error naming it. */
	scan_start(fx, &s, "/nonexistent/cscap-root");
	col = collect(fx, &s, "oval:h:obj:80");
	expect_flag(col, OVAL_FLAG_ERROR);
	assert_contains(col->messages[0].text, "/nonexistent/cscap-root");
	scan_end(&s);
}

/* Are the probes in the registry at all?  One clear failure instead of every test's. */
static int registered(void **state)
{
	struct fixture *fx;
	struct scan s;
	int rc = 0;

	(void)state;
	if (setup((void **)&fx))
		return -1;
	scan_start(fx, &s, NULL);
	if (collect(fx, &s, "oval:h:obj:1")->flag == OVAL_FLAG_NOT_COLLECTED) {
		print_error("the host probes are not in the registry of engine/probes/probe.c, "
			    "or probe.c lacks probe_session_config()\n");
		rc = -1;
	}
	scan_end(&s);
	teardown((void **)&fx);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_family, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uname, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_item, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_recursion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_textfilecontent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_variable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_environment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dpkginfo_fake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dpkginfo_real, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_confinement, setup, teardown),
	};
	return cmocka_run_group_tests_name("host_probes", tests, registered, NULL);
}
