/*
 * Replays fuzz inputs without libFuzzer: links with one fuzz target and
 * calls it once per file, so the corpus (and every input that once crashed)
 * is a regression test in the normal and the sanitizer build.
 *
 *   fuzz_TARGET_replay FILE|FOLDER...
 *
 * Folders are read one level deep, in name order.  Exit status: 0 when
 * every input ran (a finding aborts, so the status is then the signal's);
 * 1 when an argument cannot be read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint8_t *buf;

	if (fd < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* malloc'd at its exact size, so a read past the end is caught by ASan. */
	buf = malloc(sb.st_size ? (size_t)sb.st_size : 1);
	if (!buf || read(fd, buf, (size_t)sb.st_size) != sb.st_size) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(buf);
		close(fd);
		return -1;
	}
	close(fd);
	LLVMFuzzerTestOneInput(buf, (size_t)sb.st_size);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	size_t done = 0;
	int status = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			status |= replay_file(argv[i]) ? 1 : 0;
			done++;
			continue;
		}
		struct dirent **names;
		int n = scandir(argv[i], &names, NULL, by_name);
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		for (int k = 0; k < n; k++) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]->d_name);
			if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
				status |= replay_file(path) ? 1 : 0;
				done++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("%s: %zu inputs replayed\n", argv[0], done);
	return status;
}
