/*
** fc_file.c -- atomic whole-file writes and capped reads (POSIX).
** The write protocol (temporary file in the same directory, fsync, rename,
** fsync of the directory) is the one rename(2) makes atomic on POSIX file
** systems: a reader sees the old file or the new one, never a truncated mix.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* This host's name for temporary files: letters, digits, '_' and '-' only
   (at most 32), so the name parses back; "host" when it has none. */
static void host_tag(char *buf, size_t n) {
  char raw[256];
  size_t i, k = 0;
  raw[0] = '\0';
  if (gethostname(raw, sizeof raw) != 0) raw[0] = '\0';
  raw[sizeof raw - 1] = '\0';
  for (i = 0; raw[i] && k + 1 < n && k < 32; i++) {
    char c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')
      buf[k++] = c;
  }
  if (k == 0) { snprintf(buf, n, "host"); return; }
  buf[k] = '\0';
}

/* Is name a temporary file of base ("base.tmpPID-HOST.N") left by a run
   on this host whose process is gone? A live pid (or one reused by another
   process) keeps it: removing a running writer's file would break it. */
static int stale_temporary(const char *name, const char *base, const char *host) {
  size_t blen = strlen(base), hlen = strlen(host);
  const char *p;
  char *end;
  long pid;
  if (strncmp(name, base, blen) != 0 || strncmp(name + blen, ".tmp", 4) != 0) return 0;
  p = name + blen + 4;
  pid = strtol(p, &end, 10);
  if (end == p || pid <= 0 || *end != '-' || strncmp(end + 1, host, hlen) != 0 || end[1 + hlen] != '.') return 0;
  p = end + 2 + hlen;
  if (*p < '0' || *p > '9') return 0;
  (void)strtol(p, &end, 10);
  if (*end != '\0' || pid == (long)getpid()) return 0;
  return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes the temporary files of path left by killed runs on this host
   (a run killed with SIGKILL cannot remove its own). Best effort. */
static void remove_stale_temporaries(const char *path, const char *host) {
  char dir[4096];
  const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
  DIR *d;
  struct dirent *e;
  dir_of(path, dir, sizeof dir);
  if (!*base || !(d = opendir(dir))) return;
  while ((e = readdir(d)) != NULL) {
    char victim[4096 + 256];
    if (!stale_temporary(e->d_name, base, host)) continue;
    snprintf(victim, sizeof victim, "%s/%s", dir, e->d_name);
    (void)unlink(victim);
  }
  closedir(d);
}

char *fc_file_temp_name(const char *path, int n) {
  char host[40];
  size_t len = strlen(path) + 96;
  char *name = (char *)malloc(len);
  if (!name) return NULL;
  host_tag(host, sizeof host);
  snprintf(name, len, "%s.tmp%ld-%s.%d", path, (long)getpid(), host, n);
  return name;
}

int fc_file_stream_open(const char *path, fc_file_stream *fs, char *err, size_t errlen) {
  size_t plen;
  int attempt, e = ENOMEM;
  struct stat st;
  char host[40];
  if (!fs) return fail(err, errlen, "write", path ? path : "(null)", EINVAL, FC_EINVAL);
  fs->fd = -1; fs->tmp = NULL; fs->path = NULL;
  if (!path || !*path) return fail(err, errlen, "write", path ? path : "(null)", EINVAL, FC_EINVAL);
  plen = strlen(path);
  if ((fs->path = (char *)malloc(plen + 1)) == NULL) return fail(err, errlen, "write", path, ENOMEM, FC_ENOMEM);
  memcpy(fs->path, path, plen + 1);
  host_tag(host, sizeof host);
  remove_stale_temporaries(path, host);
  /* O_EXCL on a fresh name: no race with another writer, and the mode
     follows the umask like a plain fopen would (mkstemp forces 0600).
     The name carries pid and host so a later run can tell a dead run's. */
  for (attempt = 0; attempt < 100; attempt++) {
    free(fs->tmp);
    if ((fs->tmp = fc_file_temp_name(path, attempt)) == NULL) { e = ENOMEM; break; }
    fs->fd = open(fs->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fs->fd >= 0 || (e = errno) != EEXIST) break;
  }
  if (fs->fd < 0) {
    free(fs->tmp); free(fs->path); fs->tmp = fs->path = NULL;
    return fail(err, errlen, "write", path, e, e == ENOMEM ? FC_ENOMEM : FC_EIO);
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

int fc_file_stream_prepare(fc_file_stream *fs, char *err, size_t errlen) {
  int fd;
  if (!fs || !fs->tmp) return fail(err, errlen, "write", "(closed stream)", EBADF, FC_EINVAL);
  if (fs->fd < 0) return FC_OK; /* prepared already */
  if (fsync(fs->fd) != 0) return stream_fail(fs, errno, err, errlen);
  fd = fs->fd;
  fs->fd = -1;
  if (close(fd) != 0) return stream_fail(fs, errno, err, errlen);
  return FC_OK;
}

void fc_file_sync_dir(const char *path) {
  char dir[4096];
  int dfd;
  dir_of(path, dir, sizeof dir);
  dfd = open(dir, O_RDONLY);
  if (dfd >= 0) { (void)fsync(dfd); close(dfd); }
}

int fc_file_stream_commit(fc_file_stream *fs, char *err, size_t errlen) {
  int st;
  if (!fs || !fs->tmp) return fail(err, errlen, "write", "(closed stream)", EBADF, FC_EINVAL);
  if ((st = fc_file_stream_prepare(fs, err, errlen)) != FC_OK) return st;
  if (rename(fs->tmp, fs->path) != 0) return stream_fail(fs, errno, err, errlen);
  fc_file_sync_dir(fs->path); /* make the rename itself durable; a failure here loses nothing */
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
