#ifndef FLOWD_WAL_WRITES_H
#define FLOWD_WAL_WRITES_H

/// Registers the "flowd-wal-writes" VFS (once; later calls do nothing) and returns its name, or NULL when SQLite
/// refused it. See wal_writes.c.
const char *flowd_wal_writes_vfs(void);

/// Since the process started: WAL writes SQLite asked for, and the writes the VFS made of them.
long long flowd_wal_writes_asked(void);
long long flowd_wal_writes_made(void);

#endif
