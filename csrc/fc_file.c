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

int fc_file_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen) {
  size_t plen, done = 0;
  char *tmp;
  int fd = -1, e, attempt;
  struct stat st;
  if (!path || (!data && len) || !*path) return fail(err, errlen, "write", path ? path : "(null)", EINVAL, FC_EINVAL);
  plen = strlen(path);
  tmp = (char *)malloc(plen + 40);
  if (!tmp) return fail(err, errlen, "write", path, ENOMEM, FC_ENOMEM);
  /* O_EXCL on a fresh name: no race with another writer, and the mode
     follows the umask like a plain fopen would (mkstemp forces 0600). */
  for (attempt = 0; attempt < 100; attempt++) {
    snprintf(tmp, plen + 40, "%s.tmp%ld.%d", path, (long)getpid(), attempt);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd >= 0 || errno != EEXIST) break;
  }
  if (fd < 0) { e = errno; free(tmp); return fail(err, errlen, "write", path, e, FC_EIO); }
  /* keep the permissions of the file being replaced */
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) (void)fchmod(fd, st.st_mode & 07777);
  while (done < len) {
    ssize_t w = write(fd, (const char *)data + done, len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) { e = w < 0 ? errno : EIO; goto bad; }
    done += (size_t)w;
  }
  if (fsync(fd) != 0) { e = errno; goto bad; }
  if (close(fd) != 0) { e = errno; fd = -1; goto bad; }
  fd = -1;
  if (rename(tmp, path) != 0) { e = errno; goto bad; }
  {
    /* make the rename itself durable; a failure here loses nothing */
    char dir[4096];
    int dfd;
    dir_of(path, dir, sizeof dir);
    dfd = open(dir, O_RDONLY);
    if (dfd >= 0) { (void)fsync(dfd); close(dfd); }
  }
  free(tmp);
  return FC_OK;
bad:
  if (fd >= 0) close(fd);
  unlink(tmp);
  free(tmp);
  return fail(err, errlen, "write", path, e, FC_EIO);
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
