/*
** fc_file.c -- atomic whole-file writes and capped reads (POSIX).
** The write protocol (temporary file in the same directory, fsync, rename,
** fsync of the directory) is the one rename(2) makes atomic on POSIX file
** systems: a reader sees the old file or the new one, never a truncated mix.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "fc_status.h"
#include "fc_file.h"

static int fail(char *err, size_t errlen, const char *verb, const char *path, int e, int status) {
  if (err && errlen) {
    char why[128];
    if (strerror_r(e, why, sizeof why) != 0) snprintf(why, sizeof why, "error %d", e);
    snprintf(err, errlen, "cannot %s '%s': %s", verb, path, why);
  }
  return status;
}

/* Directory part of path ("." when there is none), into buf. */
static void dir_of(const char *path, char *buf, size_t n) {
  const char *slash = strrchr(path, '/');
  if (!slash) { snprintf(buf, n, "."); return; }
  if (slash == path) { snprintf(buf, n, "/"); return; }
  snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

int fc_file_stream_open(const char *path, fc_file_stream *fs, char *err, size_t errlen) {
  size_t plen;
  int attempt;
  struct stat st;
  if (!fs) return fail(err, errlen, "write", path ? path : "(null)", EINVAL, FC_EINVAL);
  fs->fd = -1; fs->tmp = NULL; fs->path = NULL;
  if (!path || !*path) return fail(err, errlen, "write", path ? path : "(null)", EINVAL, FC_EINVAL);
  plen = strlen(path);
  fs->tmp = (char *)malloc(plen + 40);
  fs->path = (char *)malloc(plen + 1);
  if (!fs->tmp || !fs->path) {
    free(fs->tmp); free(fs->path); fs->tmp = fs->path = NULL;
    return fail(err, errlen, "write", path, ENOMEM, FC_ENOMEM);
  }
  memcpy(fs->path, path, plen + 1);
  /* O_EXCL on a fresh name: no race with another writer, and the mode
     follows the umask like a plain fopen would (mkstemp forces 0600). */
  for (attempt = 0; attempt < 100; attempt++) {
    snprintf(fs->tmp, plen + 40, "%s.tmp%ld.%d", path, (long)getpid(), attempt);
    fs->fd = open(fs->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fs->fd >= 0 || errno != EEXIST) break;
  }
  if (fs->fd < 0) {
    int e = errno;
    free(fs->tmp); free(fs->path); fs->tmp = fs->path = NULL;
    return fail(err, errlen, "write", path, e, FC_EIO);
  }
  /* keep the permissions of the file being replaced */
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) (void)fchmod(fs->fd, st.st_mode & 07777);
  return FC_OK;
}

void fc_file_stream_abort(fc_file_stream *fs) {
  if (!fs) return;
  if (fs->fd >= 0) close(fs->fd);
  if (fs->tmp) unlink(fs->tmp);
  free(fs->tmp); free(fs->path);
  fs->fd = -1; fs->tmp = fs->path = NULL;
}

/* Fails the stream: the temporary file goes, the target is untouched. */
static int stream_fail(fc_file_stream *fs, int e, char *err, size_t errlen) {
  char path[4096];
  snprintf(path, sizeof path, "%s", fs->path ? fs->path : "(closed)");
  fc_file_stream_abort(fs);
  return fail(err, errlen, "write", path, e, FC_EIO);
}

int fc_file_stream_write(fc_file_stream *fs, const void *data, size_t len, char *err, size_t errlen) {
  size_t done = 0;
  if (!fs || fs->fd < 0 || (!data && len)) return fail(err, errlen, "write", "(closed stream)", EBADF, FC_EINVAL);
  while (done < len) {
    ssize_t w = write(fs->fd, (const char *)data + done, len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return stream_fail(fs, w < 0 ? errno : EIO, err, errlen);
    done += (size_t)w;
  }
  return FC_OK;
}

int fc_file_stream_commit(fc_file_stream *fs, char *err, size_t errlen) {
  int fd;
  if (!fs || fs->fd < 0) return fail(err, errlen, "write", "(closed stream)", EBADF, FC_EINVAL);
  if (fsync(fs->fd) != 0) return stream_fail(fs, errno, err, errlen);
  fd = fs->fd;
  fs->fd = -1;
  if (close(fd) != 0) return stream_fail(fs, errno, err, errlen);
  if (rename(fs->tmp, fs->path) != 0) return stream_fail(fs, errno, err, errlen);
  {
    /* make the rename itself durable; a failure here loses nothing */
    char dir[4096];
    int dfd;
    dir_of(fs->path, dir, sizeof dir);
    dfd = open(dir, O_RDONLY);
    if (dfd >= 0) { (void)fsync(dfd); close(dfd); }
  }
  free(fs->tmp); free(fs->path);
  fs->tmp = fs->path = NULL;
  return FC_OK;
}

int fc_file_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen) {
  fc_file_stream fs;
  int st;
  if (!data && len) return fail(err, errlen, "write", path ? path : "(null)", EINVAL, FC_EINVAL);
  if ((st = fc_file_stream_open(path, &fs, err, errlen)) != FC_OK) return st;
  if ((st = fc_file_stream_write(&fs, data, len, err, errlen)) != FC_OK) return st;
  return fc_file_stream_commit(&fs, err, errlen);
}

int fc_file_read(const char *path, size_t max_bytes, char **out, size_t *len, char *err, size_t errlen) {
  int fd, e;
  struct stat st;
  size_t cap, n = 0;
  char *buf;
  if (!path || !out || !len) return fail(err, errlen, "read", path ? path : "(null)", EINVAL, FC_EINVAL);
  *out = NULL; *len = 0;
  /* O_NONBLOCK: opening a FIFO with no writer must not block; it is refused below */
  fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return fail(err, errlen, "read", path, errno, FC_EIO);
  if (fstat(fd, &st) != 0) { e = errno; close(fd); return fail(err, errlen, "read", path, e, FC_EIO); }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    if (err && errlen)
      snprintf(err, errlen, "cannot read '%s': %s", path,
               S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file (a FIFO, device or socket)");
    return FC_EIO;
  }
  (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if ((size_t)st.st_size > max_bytes) {
    close(fd);
    if (err && errlen)
      snprintf(err, errlen, "cannot read '%s': larger than %zu bytes (%lld bytes)", path, max_bytes,
               (long long)st.st_size);
    return FC_ERANGE;
  }
  cap = (size_t)st.st_size + 1; /* the file may grow while we read: re-checked below */
  buf = (char *)malloc(cap + 1);
  if (!buf) { close(fd); return fail(err, errlen, "read", path, ENOMEM, FC_ENOMEM); }
  for (;;) {
    ssize_t r;
    if (n == cap) {
      size_t ncap = cap * 2 > max_bytes + 1 ? max_bytes + 1 : cap * 2;
      char *nb;
      if (ncap <= cap) break; /* at the cap already */
      nb = (char *)realloc(buf, ncap + 1);
      if (!nb) { free(buf); close(fd); return fail(err, errlen, "read", path, ENOMEM, FC_ENOMEM); }
      buf = nb; cap = ncap;
    }
    r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { e = errno; free(buf); close(fd); return fail(err, errlen, "read", path, e, FC_EIO); }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  if (n > max_bytes) {
    free(buf);
    if (err && errlen) snprintf(err, errlen, "cannot read '%s': larger than %zu bytes", path, max_bytes);
    return FC_ERANGE;
  }
  buf[n] = '\0';
  *out = buf; *len = n;
  return FC_OK;
}
