/*
 * The standard OVAL 5.11 probes for the host itself (independent, unix and
 * linux families).  Each collects one object type into OVAL items exactly as
 * the official system-characteristics schemas define them, following the
 * probe contract of probes/probe.h: failures to see are recorded in the
 * collected object (flag and message) and 0 is returned; only running out
 * of memory fails the call.
 *
 * With probe_config.root set (an offline scan of a mounted filesystem) every
 * path is resolved inside the root, and the probes that only make sense on a
 * running system (process58, uname, environmentvariable58 with a pid) report
 * "not collected" with a message instead of describing the scanner's host.
 */
#ifndef CSCAP_HOST_PROBES_H
#define CSCAP_HOST_PROBES_H

#include "probes/probe.h"

#define IND_DEF_NS OVAL_NS_DEFS "#independent"
#define IND_SC_NS OVAL_NS_SC "#independent"
#define UNIX_DEF_NS OVAL_NS_DEFS "#unix"
#define UNIX_SC_NS OVAL_NS_SC "#unix"
#define LINUX_DEF_NS OVAL_NS_DEFS "#linux"
#define LINUX_SC_NS OVAL_NS_SC "#linux"

/* independent */
int family_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			 const struct oval_var_env *vars, struct regex_cache *regexes);
int textfilecontent_probe_collect(struct probe_session *ps, struct syschar *sc,
				  struct oval_collected *col, const struct oval_var_env *vars,
				  struct regex_cache *regexes);
int variable_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			   const struct oval_var_env *vars, struct regex_cache *regexes);
int environment_probe_collect(struct probe_session *ps, struct syschar *sc,
			      struct oval_collected *col, const struct oval_var_env *vars,
			      struct regex_cache *regexes);
/* unix */
int uname_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			const struct oval_var_env *vars, struct regex_cache *regexes);
int file_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
		       const struct oval_var_env *vars, struct regex_cache *regexes);
int process_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			  const struct oval_var_env *vars, struct regex_cache *regexes);
/* linux */
int dpkginfo_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			   const struct oval_var_env *vars, struct regex_cache *regexes);

#endif
