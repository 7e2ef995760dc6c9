/*
** fc_file_set.c -- a set of files written all or nothing (a run's charts,
** CSV and JSON under one --out prefix).
** Each file is written to its temporary file and fsync'ed first (fc_file.c);
** only when all of them exist are they renamed into place, under an exclusive
** flock(2) on a lock file, so two runs on one prefix cannot interleave their
** renames (the mixed set: one run's SVG beside another's CSV). The lock file
** is removed by its holder; a waiter that locked a removed file notices (its
** inode differs from the path's) and takes the new one, the usual protocol for
** lock files that do not outlive their holder.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fc_status.h"
#include "fc_file.h"

static int fail(char *err, size_t errlen, const char *path, int e, int status) {
  if (err && errlen) {
    char why[128];
    if (strerror_r(e, why, sizeof why) != 0) snprintf(why, sizeof why, "error %d", e);
    snprintf(err, errlen, "cannot write '%s': %s", path, why);
  }
  return status;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Takes the lock: *fd holds an flock'ed descriptor of the file now at path. */
static int lock_take(const char *path, double wait_s, int *fd, char *err, size_t errlen) {
  double deadline = now_s() + wait_s;
  struct timespec pause = { 0, 10 * 1000 * 1000 };
  for (;;) {
    struct stat held, named;
    int e;
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (*fd < 0) return fail(err, errlen, path, errno, FC_EIO);
    while (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
      e = errno;
      if (e != EWOULDBLOCK && e != EINTR) { close(*fd); return fail(err, errlen, path, e, FC_EIO); }
      if (now_s() > deadline) {
        close(*fd);
        if (err && errlen)
          snprintf(err, errlen, "cannot write the set locked by '%s': another run is writing it "
                   "(waited %.0f s); try again, or remove '%s' if no run is left", path, wait_s, path);
        return FC_EIO;
      }
      nanosleep(&pause, NULL);
    }
    if (fstat(*fd, &held) == 0 && stat(path, &named) == 0 && held.st_ino == named.st_ino
        && held.st_dev == named.st_dev)
      return FC_OK;
    close(*fd); /* the holder before us removed it: lock the file now at path */
  }
}

static void lock_drop(const char *path, int fd) {
  (void)unlink(path); /* while still held: a waiter on this inode retries on the new file */
  close(fd);
}

/* The old file of a target, kept (a hard link) until the new set is in place. */
typedef struct {
  int existed;
  char *backup; /* NULL: none (no old file, or the file system refused the link) */
} old_file;

/* Puts the set back after renames 0..k-1 succeeded and rename k failed: the
   old files return from their links, targets that did not exist go. */
static void roll_back(size_t k, size_t n, fc_file_stream *fs, old_file *old) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (i < k && old[i].backup) { if (rename(old[i].backup, fs[i].path) == 0) { free(old[i].backup); old[i].backup = NULL; } }
    else if (i < k && !old[i].existed) (void)unlink(fs[i].path);
    else if (old[i].backup) { (void)unlink(old[i].backup); free(old[i].backup); old[i].backup = NULL; }
  }
}

/* Renames every prepared temporary file over its target; a failure midway
   rolls back (roll_back), so readers see the old set or the new one. */
static int rename_all(size_t n, fc_file_stream *fs, old_file *old, char *err, size_t errlen) {
  size_t i, k;
  int e;
  for (i = 0; i < n; i++) {
    struct stat st;
    if (stat(fs[i].path, &st) == 0 && S_ISDIR(st.st_mode)) return fail(err, errlen, fs[i].path, EISDIR, FC_EIO);
  }
  for (i = 0; i < n; i++) {
    old[i].existed = access(fs[i].path, F_OK) == 0;
    if (!old[i].existed) continue;
    old[i].backup = fc_file_temp_name(fs[i].path, 1000 + (int)i);
    if (old[i].backup && link(fs[i].path, old[i].backup) != 0) { free(old[i].backup); old[i].backup = NULL; }
  }
  for (k = 0; k < n; k++) {
    if (rename(fs[k].tmp, fs[k].path) != 0) break;
    free(fs[k].tmp);
    fs[k].tmp = NULL;
  }
  if (k == n) return FC_OK;
  e = errno;
  roll_back(k, n, fs, old);
  return fail(err, errlen, fs[k].path, e, FC_EIO);
}

static int commit_locked(size_t n, fc_file_stream *fs, const char *lock_path, double wait_s,
                         char *err, size_t errlen) {
  old_file *old = (old_file *)calloc(n, sizeof *old);
  int fd, st;
  size_t i;
  if (!old) return fail(err, errlen, fs[0].path, ENOMEM, FC_ENOMEM);
  if ((st = lock_take(lock_path, wait_s, &fd, err, errlen)) != FC_OK) { free(old); return st; }
  st = rename_all(n, fs, old, err, errlen);
  for (i = 0; i < n; i++) {
    if (st == FC_OK && old[i].backup) (void)unlink(old[i].backup); /* else: an old file not put back */
    free(old[i].backup);
  }
  lock_drop(lock_path, fd);
  free(old);
  if (st == FC_OK) for (i = 0; i < n; i++) fc_file_sync_dir(fs[i].path);
  return st;
}

int fc_file_write_set(size_t n, const char *const *paths, const void *const *data, const size_t *lens,
                      const char *lock_path, double lock_wait_s, char *err, size_t errlen) {
  fc_file_stream *fs;
  char *own_lock = NULL;
  size_t i, opened = 0;
  int st = FC_OK;
  if (n == 0) return FC_OK;
  if (!paths || !data || !lens) return fail(err, errlen, "(null)", EINVAL, FC_EINVAL);
  fs = (fc_file_stream *)calloc(n, sizeof *fs);
  if (!fs) return fail(err, errlen, paths[0] ? paths[0] : "(null)", ENOMEM, FC_ENOMEM);
  for (i = 0; i < n && st == FC_OK; i++) {
    if ((st = fc_file_stream_open(paths[i], &fs[i], err, errlen)) != FC_OK) break;
    opened = i + 1;
    if ((st = fc_file_stream_write(&fs[i], data[i], lens[i], err, errlen)) == FC_OK)
      st = fc_file_stream_prepare(&fs[i], err, errlen);
  }
  if (st == FC_OK && !lock_path) {
    size_t len = strlen(paths[0]);
    if ((own_lock = (char *)malloc(len + 6)) == NULL) st = fail(err, errlen, paths[0], ENOMEM, FC_ENOMEM);
    else { memcpy(own_lock, paths[0], len); memcpy(own_lock + len, ".lock", 6); lock_path = own_lock; }
  }
  if (st == FC_OK) st = commit_locked(n, fs, lock_path, lock_wait_s, err, errlen);
  for (i = 0; i < opened; i++) fc_file_stream_abort(&fs[i]); /* removes what was not renamed */
  free(own_lock);
  free(fs);
  return st;
}
