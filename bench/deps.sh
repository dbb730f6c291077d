#!/bin/sh
# bench/deps.sh — install what `make bench` needs on Debian 12, when missing:
# the project's own list (tools/deps.sh: build tools, OpenSCAP's scanner, the
# real engine, python3 for the report, valgrind for `make bench-profile`) and
# the content measured against, the SCAP Security Guide data streams.
set -u
exec sh tools/deps.sh ssg-base ssg-debian ssg-nondebian
