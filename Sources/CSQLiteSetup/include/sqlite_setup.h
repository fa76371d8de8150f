#ifndef FLOWD_SQLITE_SETUP_H
#define FLOWD_SQLITE_SETUP_H

/// Process-wide SQLite settings, made before SQLite initializes (the first connection opened): memory statistics
/// off. Returns SQLite's result code; SQLITE_MISUSE when SQLite had already initialized, which leaves it as it was.
/// See sqlite_setup.c.
int flowd_sqlite_set_up(void);

#endif
