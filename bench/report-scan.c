// The baseline of bench/report: the SQL of flowd's report scan (Sources/FlowStore/ReportScan.swift), run
// in-process through the SQLite C API, every column of every row read and nothing else done. Prints
// "wall_ms cpu_ms rows".
//
//   cc -O2 -o report-scan bench/report-scan.c -lsqlite3 && ./report-scan PATH FROM_MS TO_MS NOW_MS
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define EVENT_COLUMNS "e.draft_id, e.at, e.actor, e.action, e.to_state, e.data"
#define FACTS "d.id, d.client, d.lane, d.channels, d.revision_author_side"

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static long rows;
static sqlite3_int64 sink;

static void scan(sqlite3 *db, const char *sql, sqlite3_int64 a, sqlite3_int64 b, sqlite3_int64 c) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        exit(1);
    }
    int n = sqlite3_bind_parameter_count(s);
    sqlite3_int64 values[3] = {a, b, c};
    for (int i = 0; i < n && i < 3; i++) sqlite3_bind_int64(s, i + 1, values[i]);
    while (sqlite3_step(s) == SQLITE_ROW) {
        rows++;
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            if (sqlite3_column_type(s, i) == SQLITE_INTEGER) sink += sqlite3_column_int64(s, i);
            else sink += sqlite3_column_bytes(s, i) + (sqlite3_column_text(s, i) != NULL);
        }
    }
    sqlite3_finalize(s);
}

static sqlite3_int64 scalar(sqlite3 *db, const char *sql, sqlite3_int64 a) {
    sqlite3_stmt *s;
    sqlite3_int64 out = 0;
    sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    sqlite3_bind_int64(s, 1, a);
    if (sqlite3_step(s) == SQLITE_ROW) out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return out;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: report-scan PATH FROM_MS TO_MS NOW_MS\n");
        return 64;
    }
    sqlite3_int64 from = atoll(argv[2]), to = atoll(argv[3]), now = atoll(argv[4]);
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) return 1;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_int64 start = scalar(db, "SELECT id FROM events WHERE at >= ? ORDER BY at, id LIMIT 1", from);
    sqlite3_int64 stop = scalar(db, "SELECT coalesce((SELECT id FROM events WHERE at >= ? ORDER BY at, id LIMIT 1), "
                                    "9223372036854775807)", to);
    sqlite3_int64 first_new =
        scalar(db, "SELECT draft_id FROM events WHERE id >= ? AND action = 'create' ORDER BY id LIMIT 1", start);
    scan(db,
         "SELECT " FACTS ", " EVENT_COLUMNS " FROM drafts d CROSS JOIN events e ON e.draft_id = d.id AND e.id < ? "
         "WHERE d.id < ? AND (d.state IN ('draft', 'review', 'approved') OR d.updated_at >= ?) "
         "ORDER BY d.id, e.id",
         start, first_new, from);
    scan(db, "SELECT " EVENT_COLUMNS " FROM events e WHERE e.id >= ? AND e.id < ? ORDER BY e.id", start, stop, 0);
    scan(db, "SELECT " FACTS " FROM drafts d WHERE d.id >= ? ORDER BY d.id", first_new, 0, 0);
    scan(db,
         "SELECT " FACTS ", d.state FROM drafts d WHERE d.due_at IS NOT NULL AND d.due_at <= ? "
         "AND d.state IN ('draft', 'review', 'approved')",
         now, 0, 0);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    printf("%.1f %.1f %ld\n", (seconds(CLOCK_MONOTONIC) - wall) * 1000, (seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu) * 1000,
           rows + (long)(sink & 0));
    return 0;
}
