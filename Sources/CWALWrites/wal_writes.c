// A VFS over SQLite's own ("unix") that writes a transaction's WAL frames with one write call.
//
// Why: SQLite writes each WAL frame as two pwrite calls, its 24-byte header and its page, so a commit of ten pages
// is twenty system calls, each with the file system's fixed cost (docs/benchmarks.md, "What shaped the request
// path"). Here the writes SQLite makes to a WAL file, which are contiguous within a transaction, are gathered in
// memory and written as one, before anything that could observe the file:
// - before a sync, so a commit is on disk exactly as before when SQLite's sync returns;
// - before a read, a truncate, a size query, a lock, a file control or a close;
// - before a barrier or lock on the database file's shared memory, which holds the WAL index, so that no connection
//   can see an index that points at frames not yet in the file, whatever the synchronous setting;
// - when a write is not right after the gathered ones, or they would pass WAL_WRITES_LIMIT (128 KiB).
// A failed write drops what was gathered and reports the error to SQLite at that point: the transaction fails, as
// it would have at the write, and SQLite writes those frames again, or others, at the same offsets.
//
// Other files (the database, journals) pass straight through. Each file's gathered bytes belong to its connection,
// which SQLite uses from one thread at a time; the counters are atomic.

#include "wal_writes.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/// SQLite's unix VFS writes at most this many bytes per call (it masks the length to 17 bits); a larger write would
/// come back short and read as a full disk. It also bounds the memory each WAL file gathers in.
#define WAL_WRITES_LIMIT 0x1ffff

typedef struct WalFile {
    sqlite3_file base;
    sqlite3_file *real;
    int wal;
    /// A WAL file's database file and the other way round, while both are open: the WAL index is the database
    /// file's shared memory.
    struct WalFile *partner;
    unsigned char *buffer;
    sqlite3_int64 start;
    int length;
    int capacity;
} WalFile;

static sqlite3_vfs *root;
static long long asked;
static long long made;

static int write_through(WalFile *f, const void *data, int amount, sqlite3_int64 offset) {
    __atomic_add_fetch(&made, 1, __ATOMIC_RELAXED);
    return f->real->pMethods->xWrite(f->real, data, amount, offset);
}

static int flush(WalFile *f) {
    if (f->length == 0) return SQLITE_OK;
    int length = f->length;
    f->length = 0;
    return write_through(f, f->buffer, length, f->start);
}

/// Writes what `f` gathered, and returns SQLite's error from the calling method if that fails.
#define FLUSH_OR_RETURN(f)                            \
    do {                                              \
        int flushed_ = flush(f);                      \
        if (flushed_ != SQLITE_OK) return flushed_;   \
    } while (0)

static int w_close(sqlite3_file *file) {
    WalFile *f = (WalFile *)file;
    int flushed = flush(f);
    if (f->partner) f->partner->partner = NULL;
    f->partner = NULL;
    int rc = f->real->pMethods->xClose(f->real);
    free(f->buffer);
    f->buffer = NULL;
    return flushed != SQLITE_OK ? flushed : rc;
}

static int w_read(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xRead(f->real, data, amount, offset);
}

static int w_write(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    WalFile *f = (WalFile *)file;
    if (!f->wal) return f->real->pMethods->xWrite(f->real, data, amount, offset);
    __atomic_add_fetch(&asked, 1, __ATOMIC_RELAXED);
    if (f->length > 0 && (offset != f->start + f->length || f->length + (sqlite3_int64)amount > WAL_WRITES_LIMIT)) {
        FLUSH_OR_RETURN(f);
    }
    if (amount > WAL_WRITES_LIMIT) return write_through(f, data, amount, offset);
    if (f->length + amount > f->capacity) {
        int capacity = f->capacity ? f->capacity : 32 * 1024;
        while (capacity < f->length + amount) capacity *= 2;
        if (capacity > WAL_WRITES_LIMIT) capacity = WAL_WRITES_LIMIT;
        unsigned char *grown = realloc(f->buffer, (size_t)capacity);
        if (grown == NULL) {
            FLUSH_OR_RETURN(f);
            return write_through(f, data, amount, offset);
        }
        f->buffer = grown;
        f->capacity = capacity;
    }
    if (f->length == 0) f->start = offset;
    memcpy(f->buffer + f->length, data, (size_t)amount);
    f->length += amount;
    return SQLITE_OK;
}

static int w_truncate(sqlite3_file *file, sqlite3_int64 size) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xTruncate(f->real, size);
}

static int w_sync(sqlite3_file *file, int flags) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xSync(f->real, flags);
}

static int w_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xFileSize(f->real, size);
}

static int w_lock(sqlite3_file *file, int level) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xLock(f->real, level);
}

static int w_unlock(sqlite3_file *file, int level) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xUnlock(f->real, level);
}

static int w_check_reserved_lock(sqlite3_file *file, int *out) {
    WalFile *f = (WalFile *)file;
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int w_file_control(sqlite3_file *file, int op, void *arg) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int w_sector_size(sqlite3_file *file) {
    WalFile *f = (WalFile *)file;
    return f->real->pMethods->xSectorSize(f->real);
}

static int w_device_characteristics(sqlite3_file *file) {
    WalFile *f = (WalFile *)file;
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int w_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out) {
    WalFile *f = (WalFile *)file;
    return f->real->pMethods->xShmMap(f->real, page, size, extend, out);
}

static int w_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
    WalFile *f = (WalFile *)file;
    if (f->partner) FLUSH_OR_RETURN(f->partner);
    return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void w_shm_barrier(sqlite3_file *file) {
    WalFile *f = (WalFile *)file;
    // A barrier cannot report an error. flowd's writer syncs the WAL (synchronous=FULL) before it publishes frames
    // behind this barrier, so there is nothing left to write here by then; the flush is for lower settings.
    if (f->partner) (void)flush(f->partner);
    f->real->pMethods->xShmBarrier(f->real);
}

static int w_shm_unmap(sqlite3_file *file, int delete_flag) {
    WalFile *f = (WalFile *)file;
    return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int w_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    WalFile *f = (WalFile *)file;
    FLUSH_OR_RETURN(f);
    return f->real->pMethods->xFetch(f->real, offset, amount, out);
}

static int w_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page) {
    WalFile *f = (WalFile *)file;
    return f->real->pMethods->xUnfetch(f->real, offset, page);
}

static const sqlite3_io_methods methods = {
    3,
    w_close,
    w_read,
    w_write,
    w_truncate,
    w_sync,
    w_file_size,
    w_lock,
    w_unlock,
    w_check_reserved_lock,
    w_file_control,
    w_sector_size,
    w_device_characteristics,
    w_shm_map,
    w_shm_lock,
    w_shm_barrier,
    w_shm_unmap,
    w_fetch,
    w_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags) {
    (void)vfs;
    WalFile *f = (WalFile *)file;
    memset(f, 0, sizeof(*f));
    f->real = (sqlite3_file *)&f[1];
    f->wal = (flags & SQLITE_OPEN_WAL) != 0;
    int rc = root->xOpen(root, name, f->real, flags, out_flags);
    // SQLite closes a file whose methods are set, even after a failed open; the real one's tell.
    f->base.pMethods = f->real->pMethods ? &methods : NULL;
    if (f->real->pMethods && f->real->pMethods->iVersion < 3) {
        // Every method above calls the real file's; one from an older VFS lacks some of them.
        f->real->pMethods->xClose(f->real);
        f->base.pMethods = NULL;
        return SQLITE_CANTOPEN;
    }
    // Paired only once the file is sure to stay open: a refused one must leave no pointer behind.
    if (rc == SQLITE_OK && f->wal) {
        sqlite3_file *db = sqlite3_database_file_object(name);
        if (db != NULL && db->pMethods == &methods) {
            f->partner = (WalFile *)db;
            ((WalFile *)db)->partner = f;
        }
    }
    return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
    (void)vfs;
    return root->xDelete(root, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    (void)vfs;
    return root->xAccess(root, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return root->xFullPathname(root, name, size, out);
}

static void *v_dl_open(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return root->xDlOpen(root, name);
}

static void v_dl_error(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    root->xDlError(root, size, out);
}

static void (*v_dl_sym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return root->xDlSym(root, handle, symbol);
}

static void v_dl_close(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    root->xDlClose(root, handle);
}

static int v_randomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return root->xRandomness(root, size, out);
}

static int v_sleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return root->xSleep(root, microseconds);
}

static int v_current_time(sqlite3_vfs *vfs, double *out) {
    (void)vfs;
    return root->xCurrentTime(root, out);
}

static int v_get_last_error(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return root->xGetLastError(root, size, out);
}

static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    (void)vfs;
    return root->xCurrentTimeInt64(root, out);
}

static sqlite3_vfs vfs = {
    2, 0, 0, NULL, "flowd-wal-writes", NULL,
    v_open, v_delete, v_access, v_full_pathname,
    v_dl_open, v_dl_error, v_dl_sym, v_dl_close,
    v_randomness, v_sleep, v_current_time, v_get_last_error, v_current_time_int64,
    NULL, NULL, NULL,
};

static int registered;

const char *flowd_wal_writes_vfs(void) {
    // SQLite's own mutex makes registration once only, whichever thread opens the first store.
    sqlite3_mutex *mutex = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS1);
    sqlite3_mutex_enter(mutex);
    if (!registered) {
        root = sqlite3_vfs_find("unix");
        if (root != NULL && root->iVersion >= 2) {
            vfs.szOsFile = (int)sizeof(WalFile) + root->szOsFile;
            vfs.mxPathname = root->mxPathname;
            registered = sqlite3_vfs_register(&vfs, 0) == SQLITE_OK ? 1 : -1;
        } else {
            registered = -1;
        }
    }
    int ok = registered == 1;
    sqlite3_mutex_leave(mutex);
    return ok ? vfs.zName : NULL;
}

long long flowd_wal_writes_asked(void) { return __atomic_load_n(&asked, __ATOMIC_RELAXED); }

long long flowd_wal_writes_made(void) { return __atomic_load_n(&made, __ATOMIC_RELAXED); }
