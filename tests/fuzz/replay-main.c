/* Runs a fuzz target over files, without libFuzzer: the regression build
 * of every target.  Usage: fuzz-NAME-replay FILE|DIR...  Each file's bytes
 * go through LLVMFuzzerTestOneInput() once; a crash or sanitizer report
 * fails the run. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "osw/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *name)
{
    FILE *f = fopen(name, "rb");
    if (!f) {
        osw_error(errno, "%s: open failed", name);
        return 1;
    }
    size_t allocated = 4096, n = 0;
    uint8_t *data = xmalloc(allocated);
    size_t got;
    while ((got = fread(data + n, 1, allocated - n, f)) > 0) {
        n += got;
        if (n == allocated) {
            data = x2nrealloc(data, &allocated, 1);
        }
    }
    fclose(f);
    /* Copy to an exact-size buffer, so overreads trip ASAN. */
    uint8_t *exact = xmemdup(data, n);
    free(data);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int
replay(const char *name)
{
    struct stat st;
    if (stat(name, &st)) {
        osw_error(errno, "%s: stat failed", name);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        return replay_file(name);
    }
    struct dirent **entries;
    int n = scandir(name, &entries, NULL, alphasort);
    if (n < 0) {
        osw_error(errno, "%s: scandir failed", name);
        return 1;
    }
    int errors = 0;
    for (int i = 0; i < n; i++) {
        if (entries[i]->d_name[0] != '.') {
            char *file = xasprintf("%s/%s", name, entries[i]->d_name);
            errors += replay(file);
            free(file);
        }
        free(entries[i]);
    }
    free(entries);
    return errors;
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    int errors = 0;
    for (int i = 1; i < argc; i++) {
        errors += replay(argv[i]);
    }
    printf("%s: replayed %d argument(s), %d error(s)\n", program_name,
           argc - 1, errors);
    return errors ? 1 : 0;
}
