/*
** fc_file.h -- the one way flopcost reads and writes whole files.
**
** Writing is atomic: the bytes go to a temporary file in the same directory,
** which is flushed, fsync'ed and renamed over the target. On any failure the
** temporary file is removed, an existing file at `path` is left untouched and
** FC_EIO is returned. Reading refuses anything but a regular file (a FIFO,
** /dev/zero, a directory) and stops at a byte cap instead of reading first
** and checking after.
*/
#ifndef FC_FILE_H
#define FC_FILE_H

#include <stddef.h>

/* Default cap for catalogs, scenario, study and state files: 64 MiB. */
#define FC_FILE_MAX_BYTES ((size_t)64 << 20)

/* Writes len bytes of data to path atomically (see above). On failure returns
   FC_EIO (FC_EINVAL for NULL arguments) and, when err is not NULL, writes a
   message "cannot write 'path': <reason>" into err (errlen bytes). */
int fc_file_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);

/*
** The same protocol for a file written in pieces (streamed sweeps): open
** creates the temporary file, write appends, commit flushes, fsyncs and
** renames it over path, abort (or any failed write or commit) removes it and
** leaves path untouched. After commit or abort the stream is closed; abort
** on a closed stream does nothing. Errors as fc_file_write_atomic.
** prepare flushes, fsyncs and closes the temporary file without renaming it
** (commit then only renames): fc_file_write_set prepares every file first.
** The temporary file is "path.tmpPID-HOST.N"; open removes those of path
** left by runs on this host whose process is gone (killed with SIGKILL).
*/
typedef struct {
  int fd;                        /* -1 when closed */
  char *tmp, *path;
} fc_file_stream;
int fc_file_stream_open(const char *path, fc_file_stream *fs, char *err, size_t errlen);
int fc_file_stream_write(fc_file_stream *fs, const void *data, size_t len, char *err, size_t errlen);
int fc_file_stream_prepare(fc_file_stream *fs, char *err, size_t errlen);
int fc_file_stream_commit(fc_file_stream *fs, char *err, size_t errlen);
void fc_file_stream_abort(fc_file_stream *fs);

/* The n-th temporary name of path for this process ("path.tmpPID-HOST.n",
   malloc'ed; NULL when out of memory): removed as stale once the process is gone. */
char *fc_file_temp_name(const char *path, int n);

/* fsyncs the directory holding path (a rename's durability); best effort. */
void fc_file_sync_dir(const char *path);

/*
** Writes n files as one set, all or nothing: every file goes to its
** temporary file first (any failure removes them all and leaves every target
** untouched); then, holding an exclusive lock on lock_path (flock(2) on a
** file created for it and removed afterwards), each temporary file is renamed
** over its target. A rename failing midway puts the targets already replaced
** back (from hard links made under the lock), so readers see the old set or
** the new one. Concurrent writers of one lock_path serialise; a writer that
** cannot take the lock within lock_wait_s seconds fails with FC_EIO ("...
** another run is writing this set"). lock_path NULL: paths[0] + ".lock".
** Errors as fc_file_write_atomic; the message names the file.
*/
int fc_file_write_set(size_t n, const char *const *paths, const void *const *data, const size_t *lens,
                      const char *lock_path, double lock_wait_s, char *err, size_t errlen);

/* Reads the regular file at path, at most max_bytes bytes. On success *out
   is a malloc'ed, NUL-terminated buffer of *len bytes (caller frees).
   Errors: FC_EIO (cannot open or read; not a regular file), FC_ERANGE (larger
   than max_bytes: reading stops at max_bytes + 1), FC_ENOMEM, FC_EINVAL. The
   message in err names the path and the reason. */
int fc_file_read(const char *path, size_t max_bytes, char **out, size_t *len, char *err, size_t errlen);

#endif
