// sqlite3_config is variadic, which Swift cannot call; this is its one use.
//
// Debian's libsqlite3 keeps memory statistics (SQLITE_DEFAULT_MEMSTATUS is not set to 0 there), so every
// allocation and free SQLite makes, on any connection and any thread, takes one process-wide mutex to count it:
// dozens per transition, and a lock the store's writer, the readers on the event loops and the checkpointer all
// contend for. flowd reads none of those statistics
// (sqlite3_memory_used, the soft heap limit).
#include "sqlite_setup.h"

#include <sqlite3.h>

int flowd_sqlite_set_up(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
