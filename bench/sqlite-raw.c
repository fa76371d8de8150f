// The physical limit flowd's durable transitions are measured against: one-row commits with WAL and
// synchronous=FULL, one transaction each, on the given database file. Prints "commits/s p50_ms".
//
//   cc -O2 -o sqlite-raw bench/sqlite-raw.c -lsqlite3 && ./sqlite-raw PATH COMMITS
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: sqlite-raw PATH COMMITS\n");
        return 64;
    }
    int commits = atoi(argv[2]);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at INTEGER, body TEXT);",
                 NULL, NULL, NULL);
    sqlite3_stmt *insert;
    sqlite3_prepare_v2(db, "INSERT INTO t (at, body) VALUES (?, 'one durable row')", -1, &insert, NULL);
    double *took = malloc(sizeof(double) * commits);
    double started = now();
    for (int i = 0; i < commits; i++) {
        double t = now();
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        sqlite3_bind_int64(insert, 1, i);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return 1;
        took[i] = now() - t;
    }
    double elapsed = now() - started;
    qsort(took, commits, sizeof(double), compare);
    printf("%.0f %.3f\n", commits / elapsed, took[commits / 2] * 1000);
    sqlite3_close(db);
    return 0;
}
