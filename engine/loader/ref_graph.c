/* Cycle and depth checks over reference graphs, iterative (content may hold 30,000-deep chains). */
#include <stdlib.h>

#include "common/error_internal.h"
#include "loader/ref_graph.h"

void ref_graph_init(struct ref_graph *g, size_t n_nodes)
{
	g->n_nodes = n_nodes;
	g->edges = NULL;
	g->n_edges = g->cap = 0;
}

void ref_graph_release(struct ref_graph *g)
{
	free(g->edges);
	g->edges = NULL;
	g->n_edges = g->cap = 0;
}

int ref_graph_add(struct ref_graph *g, size_t from, size_t to)
{
	if (g->n_edges == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct ref_edge *grown = realloc(g->edges, cap * sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		g->edges = grown;
		g->cap = cap;
	}
	g->edges[g->n_edges++] = (struct ref_edge){from, to};
	return 0;
}

/* Edges grouped by their source (a counting sort): node u's targets are to[first[u] .. first[u+1]). */
static int group_edges(const struct ref_graph *g, size_t **first_out, size_t **to_out)
{
	size_t *first = calloc(g->n_nodes + 1, sizeof(*first));
	size_t *to = malloc((g->n_edges ? g->n_edges : 1) * sizeof(*to));

	if (!first || !to) {
		free(first);
		free(to);
		return cscap_err_oom();
	}
	for (size_t i = 0; i < g->n_edges; i++)
		first[g->edges[i].from + 1]++;
	for (size_t u = 0; u < g->n_nodes; u++)
		first[u + 1] += first[u];
	size_t *fill = calloc(g->n_nodes + 1, sizeof(*fill));
	if (!fill) {
		free(first);
		free(to);
		return cscap_err_oom();
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		size_t u = g->edges[i].from;
		to[first[u] + fill[u]++] = g->edges[i].to;
	}
	free(fill);
	*first_out = first;
	*to_out = to;
	return 0;
}

struct frame { size_t node, next; };

/*
 * One walk from root.  mark: 0 unseen, 1 on the current path, 2 finished;
 * height: the most nodes on a path from a finished node.
 */
static enum ref_graph_verdict walk(const size_t *first, const size_t *to, size_t root, size_t max_depth,
				   unsigned char *mark, size_t *height, struct frame *stack, size_t *where)
{
	size_t top = 0;

	stack[top++] = (struct frame){root, first[root]};
	mark[root] = 1;
	height[root] = 1;
	while (top) {
		struct frame *f = &stack[top - 1];
		if (f->next < first[f->node + 1]) {
			size_t v = to[f->next++];
			if (mark[v] == 1) {
				*where = v;
				return REF_GRAPH_CYCLE;
			}
			if (mark[v] == 0) {
				mark[v] = 1;
				height[v] = 1;
				stack[top++] = (struct frame){v, first[v]};
			} else if (height[v] + 1 > height[f->node]) {
				height[f->node] = height[v] + 1;
			}
			continue;
		}
		size_t done = f->node;
		mark[done] = 2;
		if (height[done] > max_depth) {
			*where = done;
			return REF_GRAPH_TOO_DEEP;
		}
		if (--top && height[done] + 1 > height[stack[top - 1].node])
			height[stack[top - 1].node] = height[done] + 1;
	}
	return REF_GRAPH_OK;
}

int ref_graph_check(const struct ref_graph *g, size_t max_depth, enum ref_graph_verdict *verdict,
		    size_t *where)
{
	size_t *first = NULL, *to = NULL;
	size_t n = g->n_nodes ? g->n_nodes : 1;
	int rc;

	*verdict = REF_GRAPH_OK;
	*where = 0;
	if (g->n_edges == 0)
		return 0;
	if ((rc = group_edges(g, &first, &to)))
		return rc;
	unsigned char *mark = calloc(n, 1);
	size_t *height = calloc(n, sizeof(*height));
	struct frame *stack = malloc(n * sizeof(*stack)); /* a path visits each node at most once */
	if (!mark || !height || !stack) {
		rc = cscap_err_oom();
		goto out;
	}
	for (size_t u = 0; u < g->n_nodes && *verdict == REF_GRAPH_OK; u++)
		if (mark[u] == 0)
			*verdict = walk(first, to, u, max_depth, mark, height, stack, where);
out:
	free(mark);
	free(height);
	free(stack);
	free(first);
	free(to);
	return rc;
}
