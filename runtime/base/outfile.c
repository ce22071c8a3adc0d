/*
 * outfile.c - atomic output files: write a temporary, then rename.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

/* ---- the temporary a terminating signal removes ------------------------
 *
 * The one piece of global mutable state here, and signals force it: a
 * handler receives nothing but the signal number, so the path it unlinks
 * must be where it can find it, in memory it may read without a lock or
 * malloc.  One temporary is live at a time (polc writes one output, then
 * renames it).  The handler only unlinks and re-raises, both
 * async-signal-safe, so it is also safe in whichever worker thread of
 * `polc eval --threads` the signal lands in. */
static char live_temp[PATH_MAX];
static volatile sig_atomic_t live_temp_set;
/* A temporary made by other means than outfile_open (polc build's shared
 * object, written by libgccjit), guarded the same way. */
static char guarded_temp[PATH_MAX];
static volatile sig_atomic_t guarded_temp_set;

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_temp_and_die(int sig) {
  if (live_temp_set)
    unlink(live_temp);
  if (guarded_temp_set)
    unlink(guarded_temp);
  /* SA_RESETHAND restored the default action; the signal is blocked while
   * this runs and kills the process as it returns, so the exit status is
   * the signal's. */
  raise(sig);
}

/* Installs the handler, except for a signal the caller chose to ignore
 * (nohup, a background job): that choice stands. */
static void install_cleanup(void) {
  for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
    struct sigaction old, act;
    if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
      continue;
    memset(&act, 0, sizeof act);
    act.sa_handler = remove_temp_and_die;
    act.sa_flags = SA_RESETHAND;
    sigemptyset(&act.sa_mask);
    sigaction(cleanup_signals[i], &act, NULL);
  }
}

/* Blocks the cleanup signals while the temporary comes into being or is
 * renamed, so the handler never sees it half registered. */
static void block_cleanup(sigset_t *saved) {
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
    sigaddset(&set, cleanup_signals[i]);
  pthread_sigmask(SIG_BLOCK, &set, saved);
}

static void unblock_cleanup(const sigset_t *saved) {
  pthread_sigmask(SIG_SETMASK, saved, NULL);
}

static void register_temp(const char *temp) {
  size_t n = strlen(temp);
  if (n >= sizeof live_temp)
    return;   /* longer than any path the system accepts: never created */
  memcpy(live_temp, temp, n + 1);
  live_temp_set = 1;
}

void outfile_guard_temp(const char *temp) {
  size_t n = strlen(temp);
  if (n >= sizeof guarded_temp)
    return;
  sigset_t saved;
  install_cleanup();
  block_cleanup(&saved);
  memcpy(guarded_temp, temp, n + 1);
  guarded_temp_set = 1;
  unblock_cleanup(&saved);
}

void outfile_unguard_temp(void) {
  guarded_temp_set = 0;
}

/* ---- where the output goes --------------------------------------------- */

/* `path` with symbolic links in its last component followed to the file
 * they name, which need not exist yet (a dangling link is followed too).
 * NULL with errno ELOOP for a cycle. */
static char *follow_links(const char *path) {
  char *current = xmalloc(strlen(path) + 1);
  strcpy(current, path);
  for (int hops = 0; hops < 40; hops++) {
    struct stat st;
    if (lstat(current, &st) != 0 || !S_ISLNK(st.st_mode))
      return current;
    char link[PATH_MAX];
    ssize_t n = readlink(current, link, sizeof link - 1);
    if (n < 0)
      return current;
    link[n] = '\0';
    /* a relative link is relative to the folder holding the link */
    const char *slash = link[0] == '/' ? NULL : strrchr(current, '/');
    size_t dir = slash ? (size_t)(slash - current) + 1 : 0;
    char *next = xmalloc(dir + (size_t)n + 1);
    memcpy(next, current, dir);
    memcpy(next + dir, link, (size_t)n + 1);
    free(current);
    current = next;
  }
  free(current);
  errno = ELOOP;
  return NULL;
}

/* The mode the file would have if written in place: its own when it
 * exists (polc fmt rewrites a policy), else 0666 less the umask, as
 * fopen would make it (mkstemp makes its temporary 0600). */
static mode_t mode_for(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    return st.st_mode & 07777;
  mode_t mask = umask(0);   /* reading the umask means setting it */
  umask(mask);
  return 0666 & ~mask;
}

/* A device or FIFO: renaming a regular file over it would destroy it (as
 * root, /dev/null), and a reader waits on the FIFO itself.  Written in
 * place. */
static bool open_direct(OutFile *out, const char *path) {
  int fd = open(path, O_WRONLY | O_NOCTTY);
  if (fd < 0)
    return false;
  if (!(out->fp = fdopen(fd, "w"))) {
    close(fd);
    return false;
  }
  return true;
}

static bool open_temp(OutFile *out, char *target) {
  size_t n = strlen(target);
  out->temp = xmalloc(n + 16);
  snprintf(out->temp, n + 16, "%s.tmp.XXXXXX", target);
  install_cleanup();
  sigset_t saved;
  block_cleanup(&saved);
  int fd = mkstemp(out->temp);
  if (fd >= 0)
    register_temp(out->temp);
  unblock_cleanup(&saved);
  if (fd >= 0)
    fchmod(fd, mode_for(target));   /* best effort: the content matters more */
  if (fd >= 0 && (out->fp = fdopen(fd, "w"))) {
    out->target = target;
    return true;
  }
  int saved_errno = errno;
  if (fd >= 0) {
    close(fd);
    unlink(out->temp);
    live_temp_set = 0;
  }
  free(out->temp);
  free(target);
  out->temp = NULL;
  errno = saved_errno;
  return false;
}

bool outfile_open(OutFile *out, const char *path) {
  memset(out, 0, sizeof *out);
  if (!path || strcmp(path, "-") == 0) {
    out->fp = stdout;
    return true;
  }
  char *target = follow_links(path);
  if (!target)
    return false;
  struct stat st;
  if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
    bool ok = !S_ISDIR(st.st_mode) && open_direct(out, target);
    if (S_ISDIR(st.st_mode))
      errno = EISDIR;
    int saved_errno = errno;
    free(target);
    errno = saved_errno;
    return ok;
  }
  return open_temp(out, target);
}

static void release(OutFile *out) {
  free(out->target);
  free(out->temp);
  memset(out, 0, sizeof *out);
}

/* Flushes and, for a stream opened here, closes; false (with errno) on
 * any error, including one an earlier write left behind. */
static bool finish_stream(OutFile *out) {
  errno = 0;
  bool ok = fflush(out->fp) == 0 && !ferror(out->fp);
  int err = ok ? 0 : errno ? errno : EIO;
  if (out->fp != stdout) {
    errno = 0;
    if (fclose(out->fp) != 0 && ok) {
      ok = false;
      err = errno ? errno : EIO;
    }
  }
  errno = err;
  return ok;
}

bool outfile_commit(OutFile *out) {
  bool ok = finish_stream(out);
  if (!out->target) {
    release(out);
    return ok;
  }
  sigset_t saved;
  block_cleanup(&saved);
  ok = ok && rename(out->temp, out->target) == 0;
  int saved_errno = errno;
  if (!ok)
    unlink(out->temp);
  live_temp_set = 0;
  unblock_cleanup(&saved);
  release(out);
  errno = saved_errno;
  return ok;
}

void outfile_abort(OutFile *out) {
  if (!out->target) {
    if (out->fp != stdout)
      fclose(out->fp);
    else
      fflush(out->fp);
    release(out);
    return;
  }
  fclose(out->fp);
  unlink(out->temp);
  live_temp_set = 0;
  release(out);
}

/* ---- refusing to overwrite an input ------------------------------------ */

bool outfile_is_input(const char *output, const char *input) {
  if (!output || strcmp(output, "-") == 0)
    return false;   /* standard output is never an input file */
  struct stat out_st, in_st;
  bool from_stdin = strcmp(input, "-") == 0;
  if (!from_stdin && strcmp(output, input) == 0)
    return true;
  if (stat(output, &out_st) != 0 || !S_ISREG(out_st.st_mode))
    return false;
  int got = from_stdin ? fstat(STDIN_FILENO, &in_st) : stat(input, &in_st);
  return got == 0 && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino;
}
