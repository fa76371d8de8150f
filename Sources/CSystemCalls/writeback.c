// Write-behind for a file written start to end (an upload): its pages are sent to the disk as it grows, and at most
// two windows of it are ever on their way there.
//
// Why: a commit's fdatasync has the disk flush whatever it was given before. Left to the final fsync, a 200 MB
// upload went to the disk at once and every commit behind it waited; with writeback only started (not awaited), a
// disk slower than the upload for a moment let the queue grow, and a commit waited for all of it (docs/benchmarks.md,
// "Media uploads"). sync_file_range is Linux's own and needs _GNU_SOURCE, which Swift's Glibc module is not built
// with. Elsewhere both calls do nothing: the final fsync still makes the file durable.

#define _GNU_SOURCE
#include "system_calls.h"

#include <fcntl.h>

static int sync_range(int fd, long long offset, long long count, int wait) {
#if defined(__linux__)
    unsigned int flags = SYNC_FILE_RANGE_WRITE;
    if (wait) flags |= SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WAIT_AFTER;
    return sync_file_range(fd, offset, count, flags);
#else
    (void)fd;
    (void)offset;
    (void)count;
    (void)wait;
    return 0;
#endif
}

int flowd_start_writeback(int fd, long long offset, long long count) { return sync_range(fd, offset, count, 0); }

int flowd_finish_writeback(int fd, long long offset, long long count) { return sync_range(fd, offset, count, 1); }
