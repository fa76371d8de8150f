// glibc's malloc settings for the daemon's process.
//
// Why: an upload's body arrives in NIO's 256 KiB read buffers, which the upload's stages hold on to (they are hashed
// and written where they were read, never copied), so NIO allocates a new one for nearly every read. By default glibc
// gives a freed block back to the system as soon as 128 KiB lie free at the top of its heap (or maps a block that
// large on its own and unmaps it when it is freed), so each new buffer was fresh memory: a page fault and a zeroed
// page for every 4 KiB of the upload. Keeping the freed buffers for the next reads cut flowd's CPU per 200 MB upload
// by about a tenth (docs/benchmarks.md, "Media uploads"). C only because <malloc.h> is not part of Swift's Glibc
// module.

#include "system_calls.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int flowd_reuse_freed_memory(int reuse_below, int keep) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, reuse_below) == 1 && mallopt(M_TRIM_THRESHOLD, keep) == 1;
#else
    (void)reuse_below;
    (void)keep;
    return 0;
#endif
}
