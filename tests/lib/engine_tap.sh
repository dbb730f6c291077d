# shellcheck shell=bash
# tests/lib/engine_tap.sh — engine set-up for integration tests, reported in
# TAP (needs tests/lib/engine.sh and tests/lib/tap.sh, and $T, a work folder).
#   engine_up WHAT                    start dockerd and import the image; on
#                                     failure a skip (no dockerd) or not ok, then finish
#   make_container LABEL run|create [OPTS...]
#                                     ID[LABEL] = the new container's id (ok / not ok);
#                                     names are $CONTAINER_PREFIX$LABEL; returns 1 on failure
declare -A ID
CONTAINER_PREFIX=${CONTAINER_PREFIX:-}

engine_up() {
	local what=$1
	if ! engine_start "$(mktemp -d /tmp/cscap-eng.XXXXXX)" 2>"$T/engine-start.err"; then
		no_engine "$what: dockerd cannot start: $(head -n 1 "$T/engine-start.err" | sed "s/^engine: //")"
		diag "$T/engine-start.err"
		finish
	fi
	ok "dockerd (pid ${ENGINE_PID:-?}) answers on $ENGINE_SOCK"
	if engine_image 2>"$T/image.err"; then
		ok "image $ENGINE_IMAGE imported"
	else
		not_ok "image $ENGINE_IMAGE imported"
		diag "$T/image.err"
		finish
	fi
}

make_container() {
	local label=$1 how=$2 id
	shift 2
	if id=$("engine_${how}_idle" "$CONTAINER_PREFIX$label" "$@" 2>"$T/create-$label.err") &&
		[[ $id =~ ^[0-9a-f]{64}$ ]]; then
		ok "container $label ($how${*:+ $*}) is ${id:0:12}"
		ID[$label]=$id
		return 0
	fi
	not_ok "container $label ($how${*:+ $*}) could be made"
	diag "$T/create-$label.err"
	ID[$label]=
	return 1
}
