/* test_file.c -- atomic writes, streamed writes and capped reads (fc_file.h)
   in a fresh temporary directory; one function per case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include "fc.h"
#include "fc_test.h"

static char dir[64];

static void path_of(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

static void test_write_read(void) {
  char p[128], err[256], *buf = NULL;
  size_t len = 0;
  path_of(p, sizeof p, "a.json");
  fc_test_int(fc_file_write_atomic(p, "{\"x\": 1}", 8, err, sizeof err), FC_OK, "write status");
  fc_test_int(fc_file_read(p, 1024, &buf, &len, err, sizeof err), FC_OK, "read status");
  fc_test_int((long long)len, 8, "8 bytes back");
  fc_test_int(buf && strcmp(buf, "{\"x\": 1}") == 0, 1, "the same bytes, NUL-terminated");
  free(buf);
}

static void test_read_cap(void) {
  char p[128], err[256], *buf = NULL;
  size_t len = 0;
  path_of(p, sizeof p, "a.json");
  fc_test_int(fc_file_read(p, 4, &buf, &len, err, sizeof err), FC_ERANGE, "8 bytes over a cap of 4");
  fc_test_int(buf == NULL, 1, "nothing returned");
  fc_test_int(strstr(err, p) != NULL, 1, "the message names the path");
}

static void test_read_refuses(void) {
  char err[256], *buf = NULL;
  size_t len = 0;
  fc_test_int(fc_file_read(dir, 1024, &buf, &len, err, sizeof err), FC_EIO, "a directory");
  fc_test_int(fc_file_read("/dev/zero", 1024, &buf, &len, err, sizeof err), FC_EIO, "a device");
  fc_test_int(fc_file_read("/nonexistent/x", 1024, &buf, &len, err, sizeof err), FC_EIO, "no such file");
  fc_test_int(fc_file_read(NULL, 1024, &buf, &len, err, sizeof err), FC_EINVAL, "NULL path");
}

static void test_failed_write_keeps_old(void) {
  char p[128], bad[160], err[256], *buf = NULL;
  size_t len = 0;
  path_of(p, sizeof p, "a.json");
  /* a path whose directory does not exist: FC_EIO, and the old file is untouched */
  snprintf(bad, sizeof bad, "%s/no/such/dir/a.json", dir);
  fc_test_int(fc_file_write_atomic(bad, "new", 3, err, sizeof err), FC_EIO, "write into a missing directory");
  fc_test_int(strncmp(err, "cannot write '", 14) == 0, 1, "the message says so");
  fc_file_read(p, 1024, &buf, &len, err, sizeof err);
  fc_test_int(buf && strcmp(buf, "{\"x\": 1}") == 0, 1, "the old file is intact");
  free(buf);
}

static void test_stream(void) {
  char p[128], err[256], *buf = NULL;
  size_t len = 0;
  fc_file_stream fs;
  path_of(p, sizeof p, "s.csv");
  fc_test_int(fc_file_stream_open(p, &fs, err, sizeof err), FC_OK, "stream open");
  fc_file_stream_write(&fs, "a,b\n", 4, err, sizeof err);
  fc_file_stream_write(&fs, "1,2\n", 4, err, sizeof err);
  fc_test_int(access(p, F_OK) != 0, 1, "nothing at the path before the commit");
  fc_test_int(fc_file_stream_commit(&fs, err, sizeof err), FC_OK, "commit");
  fc_file_read(p, 1024, &buf, &len, err, sizeof err);
  fc_test_int(buf && strcmp(buf, "a,b\n1,2\n") == 0, 1, "both pieces");
  free(buf);
  buf = NULL;
  fc_file_stream_open(p, &fs, err, sizeof err);
  fc_file_stream_write(&fs, "x", 1, err, sizeof err);
  fc_file_stream_abort(&fs);
  fc_file_stream_abort(&fs); /* twice: nothing */
  fc_file_read(p, 1024, &buf, &len, err, sizeof err);
  fc_test_int(buf && strcmp(buf, "a,b\n1,2\n") == 0, 1, "an aborted stream leaves the old file");
  free(buf);
}

static int read_is(const char *p, const char *want) {
  char err[256], *buf = NULL;
  size_t len = 0;
  int same = fc_file_read(p, 1024, &buf, &len, err, sizeof err) == FC_OK && strcmp(buf, want) == 0;
  free(buf);
  return same;
}

/* Entries of dir whose name contains ".tmp" (temporary files left behind). */
static int temporaries(void) {
  char cmd[160];
  FILE *f;
  int n = -1;
  snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '\\.tmp'", dir);
  if ((f = popen(cmd, "r")) != NULL) { if (fscanf(f, "%d", &n) != 1) n = -1; pclose(f); }
  return n;
}

static void test_set(void) {
  char a[128], b[128], c[128], err[512];
  const char *paths[3];
  const void *data[3] = { "A1", "B1", "C1" }, *data2[3] = { "A2", "B2", "C2" };
  size_t lens[3] = { 2, 2, 2 };
  path_of(a, sizeof a, "set.svg"); path_of(b, sizeof b, "set.csv"); path_of(c, sizeof c, "set.json");
  paths[0] = a; paths[1] = b; paths[2] = c;
  fc_test_int(fc_file_write_set(3, paths, data, lens, NULL, 1, err, sizeof err), FC_OK, "set written");
  fc_test_int(read_is(a, "A1") && read_is(b, "B1") && read_is(c, "C1"), 1, "set: every file");
  unlink(c);
  mkdir(c, 0700); /* the last file of the next set cannot be replaced */
  fc_test_int(fc_file_write_set(3, paths, data2, lens, NULL, 1, err, sizeof err), FC_EIO, "set: a target is a directory");
  fc_test_int(strstr(err, "set.json': Is a directory") != NULL, 1, "set: the message names the file");
  fc_test_int(read_is(a, "A1") && read_is(b, "B1"), 1, "set: a failed set leaves the old files");
  fc_test_int(temporaries(), 0, "set: no temporary file left");
  rmdir(c);
  fc_test_int(fc_file_write_set(3, paths, data2, lens, NULL, 1, err, sizeof err), FC_OK, "set rewritten");
  fc_test_int(read_is(a, "A2") && read_is(b, "B2") && read_is(c, "C2"), 1, "set: the new files");
  fc_test_int(access(strcat(a, ".lock"), F_OK) != 0, 1, "set: the lock file is removed");
}

/* A temporary file of a dead process (a child, reaped) is removed by the
   next write of its path; one of a live process (the parent) is kept. */
static void test_stale_temporaries(void) {
  char p[128], err[256], *live;
  pid_t child;
  int fd;
  path_of(p, sizeof p, "k.csv");
  if ((child = fork()) == 0) {
    char *name = fc_file_temp_name(p, 0);
    _exit(name && (fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0666)) >= 0 ? 0 : 1);
  }
  waitpid(child, NULL, 0);
  live = fc_file_temp_name(p, 7);
  if (live && (fd = open(live, O_WRONLY | O_CREAT | O_EXCL, 0666)) >= 0) close(fd);
  fc_test_int(temporaries(), 2, "stale: the dead run's and our own temporary");
  fc_test_int(fc_file_write_atomic(p, "x", 1, err, sizeof err), FC_OK, "stale: write");
  fc_test_int(temporaries(), 1, "stale: the dead run's is gone, the live one's is kept");
  if (live) unlink(live);
  free(live);
}

int main(void) {
  char cmd[96];
  strcpy(dir, "/tmp/fc_test_file.XXXXXX");
  if (!mkdtemp(dir)) { printf("mkdtemp failed\n"); return 1; }
  test_write_read();
  test_read_cap();
  test_read_refuses();
  test_failed_write_keeps_old();
  test_stream();
  test_set();
  test_stale_temporaries();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("could not remove %s\n", dir);
  return fc_test_summary("file");
}
