// The floor under any server that answers a request only after its commit: for each HTTP request, one write of
// BYTES (a commit's WAL frames) and one fdatasync, then a fixed 200 answer, and no other work. Over the same
// kind of socket as flowd (Unix or loopback TCP), driven by the same client, it measures what one connection
// costs on this machine before any daemon does anything: the client's wake-up, the daemon's, and the disk's
// flush. One thread per connection, each syncing on its own (no group commit), so it is a floor for one
// connection only.
//
//   cc -O2 -pthread -o floor bench/floor.c && ./floor unix:PATH|tcp:PORT FILE BYTES
//
// FILE is written in full and synced before the socket listens, so that each request overwrites blocks the file
// already has, as SQLite's WAL does after its first checkpoint: fdatasync then flushes data, not metadata.
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SPAN (4L << 20)

static int file;
static size_t bytes;
static char *page;
static pthread_mutex_t offset_lock = PTHREAD_MUTEX_INITIALIZER;
static long next_offset;

static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

// The length of the first whole request in `buffer` (head and Content-Length body), or 0 if it is not all there.
static size_t request_length(char *buffer, size_t have) {
    char *end = memmem(buffer, have, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - buffer) + 4, body = 0;
    for (char *line = buffer; line && line < end;) {
        if (strncasecmp(line, "content-length:", 15) == 0) body = (size_t)atol(line + 15);
        char *newline = memchr(line, '\n', (size_t)(end - line));
        line = newline ? newline + 1 : NULL;
    }
    return have >= head + body ? head + body : 0;
}

static void *serve(void *arg) {
    int fd = (int)(long)arg;
    static __thread char buffer[1 << 16];
    size_t have = 0;
    for (;;) {
        size_t length;
        while ((length = request_length(buffer, have)) == 0) {
            if (have == sizeof(buffer)) goto done;
            ssize_t n = read(fd, buffer + have, sizeof(buffer) - have);
            if (n <= 0) goto done;
            have += (size_t)n;
        }
        pthread_mutex_lock(&offset_lock);
        long offset = next_offset;
        next_offset = (next_offset + (long)bytes) % (SPAN - (long)bytes);
        pthread_mutex_unlock(&offset_lock);
        if (pwrite(file, page, bytes, offset) != (ssize_t)bytes || fdatasync(file) != 0) {
            perror("write");
            exit(1);
        }
        if (write(fd, answer, sizeof(answer) - 1) != (ssize_t)(sizeof(answer) - 1)) goto done;
        memmove(buffer, buffer + length, have - length);
        have -= length;
    }
done:
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: floor unix:PATH|tcp:PORT FILE BYTES\n");
        return 64;
    }
    bytes = (size_t)atol(argv[3]);
    if (bytes == 0 || bytes > SPAN / 2) {
        fprintf(stderr, "floor: BYTES must be 1..%ld\n", SPAN / 2);
        return 64;
    }
    page = calloc(1, bytes);
    file = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0600);
    char *fill = calloc(1, SPAN);
    if (file < 0 || !page || !fill || pwrite(file, fill, SPAN, 0) != SPAN || fsync(file) != 0) {
        perror("floor: file");
        return 1;
    }
    free(fill);
    int listener;
    if (strncmp(argv[1], "unix:", 5) == 0) {
        listener = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un address = {.sun_family = AF_UNIX};
        strncpy(address.sun_path, argv[1] + 5, sizeof(address.sun_path) - 1);
        unlink(address.sun_path);
        if (bind(listener, (struct sockaddr *)&address, sizeof(address)) != 0) {
            perror("floor: bind");
            return 1;
        }
    } else if (strncmp(argv[1], "tcp:", 4) == 0) {
        listener = socket(AF_INET, SOCK_STREAM, 0);
        int on = 1;
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1] + 4)),
                                      .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (bind(listener, (struct sockaddr *)&address, sizeof(address)) != 0) {
            perror("floor: bind");
            return 1;
        }
    } else {
        fprintf(stderr, "floor: listen on unix:PATH or tcp:PORT\n");
        return 64;
    }
    if (listen(listener, 64) != 0) {
        perror("floor: listen");
        return 1;
    }
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) continue;
        int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
        pthread_t thread;
        pthread_create(&thread, NULL, serve, (void *)(long)fd);
        pthread_detach(thread);
    }
}
