// Drives durable transitions through flowd's control socket from N concurrent clients, one keep-alive
// connection each, and prints "transitions/s p50_ms p99_ms errors". Native, so that the client is not what
// limits the rate. Each client comments on its own draft: ids first_draft .. first_draft+N-1.
//
//   cc -O2 -pthread -o load bench/load.c && ./load SOCKET CLIENTS SECONDS FIRST_DRAFT [EACH]
//
// With EACH, every client stops after that many transitions (or SECONDS), for counts that must be exact
// (bench/instructions).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static const char *socket_path;
static double seconds;
static long first_draft;
static long each = -1;

typedef struct {
    long draft;
    long done;
    long errors;
    double *latencies;
    long capacity;
} client_t;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int connect_socket(void) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, socket_path, sizeof(address.sun_path) - 1);
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

// Reads one HTTP response (headers and a Content-Length body); returns the status code.
static int read_response(int fd, char *buffer, size_t size) {
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buffer + have, size - have - 1);
        if (n <= 0) return -1;
        have += (size_t)n;
        buffer[have] = 0;
        char *end = strstr(buffer, "\r\n\r\n");
        if (!end) continue;
        char *length = strcasestr(buffer, "content-length:");
        size_t body = length ? (size_t)atol(length + 15) : 0;
        size_t header = (size_t)(end - buffer) + 4;
        while (have < header + body) {
            n = read(fd, buffer + have, size - have - 1);
            if (n <= 0) return -1;
            have += (size_t)n;
        }
        return atoi(buffer + 9);
    }
}

static void *run(void *arg) {
    client_t *client = arg;
    int fd = connect_socket();
    char request[512], response[65536];
    const char *body = "{\"message\":\"bench\"}";
    int length = snprintf(
        request, sizeof(request),
        "POST /v1/drafts/%ld/comment HTTP/1.1\r\nHost: flowd\r\nContent-Type: application/json\r\n"
        "Content-Length: %zu\r\n\r\n%s",
        client->draft, strlen(body), body);
    double end = now() + seconds;
    while (now() < end && (each < 0 || client->done < each)) {
        double started = now();
        if (write(fd, request, (size_t)length) != length) {
            client->errors++;
            break;
        }
        int status = read_response(fd, response, sizeof(response));
        double took = now() - started;
        if (status != 200) {
            client->errors++;
            if (status < 0) break;
            continue;
        }
        if (client->done == client->capacity) {
            client->capacity *= 2;
            client->latencies = realloc(client->latencies, sizeof(double) * client->capacity);
        }
        client->latencies[client->done++] = took;
    }
    close(fd);
    return NULL;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: load SOCKET CLIENTS SECONDS FIRST_DRAFT [EACH]\n");
        return 64;
    }
    if (argc == 6) each = atol(argv[5]);
    socket_path = argv[1];
    int clients = atoi(argv[2]);
    seconds = atof(argv[3]);
    first_draft = atol(argv[4]);
    pthread_t threads[256];
    client_t state[256];
    double started = now();
    for (int i = 0; i < clients; i++) {
        state[i] = (client_t){.draft = first_draft + i, .capacity = 1024};
        state[i].latencies = malloc(sizeof(double) * 1024);
        pthread_create(&threads[i], NULL, run, &state[i]);
    }
    long total = 0, errors = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(threads[i], NULL);
        total += state[i].done;
        errors += state[i].errors;
    }
    double elapsed = now() - started;
    double *all = malloc(sizeof(double) * (total + 1));
    long at = 0;
    for (int i = 0; i < clients; i++) {
        memcpy(all + at, state[i].latencies, sizeof(double) * state[i].done);
        at += state[i].done;
    }
    qsort(all, total, sizeof(double), compare);
    double p50 = total ? all[total / 2] * 1000 : 0, p99 = total ? all[(long)(total * 0.99)] * 1000 : 0;
    printf("%.0f %.3f %.3f %ld\n", total / elapsed, p50, p99, errors);
    return 0;
}
