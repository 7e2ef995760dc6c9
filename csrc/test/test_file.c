/* test_file.c -- atomic writes, streamed writes and capped reads (fc_file.h)
   in a fresh temporary directory; one function per case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
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

int main(void) {
  char cmd[96];
  strcpy(dir, "/tmp/fc_test_file.XXXXXX");
  if (!mkdtemp(dir)) { printf("mkdtemp failed\n"); return 1; }
  test_write_read();
  test_read_cap();
  test_read_refuses();
  test_failed_write_keeps_old();
  test_stream();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("could not remove %s\n", dir);
  return fc_test_summary("file");
}
