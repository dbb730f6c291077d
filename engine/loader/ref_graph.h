/*
 * Reference graphs (extend_definition, variables and objects) checked once at
 * load time, without recursion, so that whatever walks them later — the
 * evaluator recurses — meets neither a cycle nor an unbounded depth.
 */
#ifndef CSCAP_REF_GRAPH_H
#define CSCAP_REF_GRAPH_H

#include <stddef.h>

struct ref_edge { size_t from, to; };

struct ref_graph {
	size_t n_nodes;
	struct ref_edge *edges; /* owned (malloc) */
	size_t n_edges, cap;
};

enum ref_graph_verdict { REF_GRAPH_OK, REF_GRAPH_CYCLE, REF_GRAPH_TOO_DEEP };

void ref_graph_init(struct ref_graph *g, size_t n_nodes);
void ref_graph_release(struct ref_graph *g);
/* Add the edge from → to; 0, or CSCAP_ENOMEM. */
int ref_graph_add(struct ref_graph *g, size_t from, size_t to);
/*
 * Depth-first walk from every node with an explicit stack.  *verdict is
 * REF_GRAPH_CYCLE when a node reaches itself, REF_GRAPH_TOO_DEEP when a path
 * holds more than max_depth nodes; *where is then a node on that cycle or at
 * the start of that path.  Returns 0, or CSCAP_ENOMEM.
 */
int ref_graph_check(const struct ref_graph *g, size_t max_depth, enum ref_graph_verdict *verdict,
		    size_t *where);

#endif
