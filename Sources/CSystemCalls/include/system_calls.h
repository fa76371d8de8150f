#ifndef FLOWD_SYSTEM_CALLS_H
#define FLOWD_SYSTEM_CALLS_H

// The C library calls flowd makes that Swift's Glibc module does not carry (they need <malloc.h> or _GNU_SOURCE).

/// Has glibc's malloc keep memory it is given back for the next request: blocks under `reuse_below` bytes come from
/// the heap rather than a mapping of their own, and the heap is given back to the system only once `keep` bytes
/// lie free at its top. Returns 1 when glibc took both settings, 0 otherwise (and on other C libraries, which it
/// leaves alone). See allocator.c.
int flowd_reuse_freed_memory(int reuse_below, int keep);

/// Starts writing the file's dirty pages in [offset, offset + count) to the disk and returns without waiting.
/// 0, or -1 with errno. See writeback.c.
int flowd_start_writeback(int fd, long long offset, long long count);

/// Waits until the file's pages in [offset, offset + count) are written to the disk, starting the writing of any
/// still dirty; no cache flush, no metadata. 0, or -1 with errno. See writeback.c.
int flowd_finish_writeback(int fd, long long offset, long long count);

#endif
