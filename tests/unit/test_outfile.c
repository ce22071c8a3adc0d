/*
 * test_outfile.c - outfile's guard of a temporary made by other means
 * (polc build's shared object): a terminating signal removes it, and the
 * process still dies of that signal (issue 12, found by review: polc build
 * left LIB.so.tmp.PID behind when stopped).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/base/outfile.h"

static void make_file(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  assert_true(fd >= 0);
  close(fd);
}

/* The child guards a file and is killed by `sig`: the file is gone and the
 * child's status is the signal's. */
static void killed_by(int sig, bool unguard_first) {
  char path[] = "/tmp/polc-guard-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    signal(sig, SIG_DFL);
    make_file(path);
    outfile_guard_temp(path);
    if (unguard_first)
      outfile_unguard_temp();
    raise(sig);
    _exit(0);
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFSIGNALED(status));
  assert_int_equal(WTERMSIG(status), sig);
  assert_int_equal(access(path, F_OK) == 0, unguard_first);
  unlink(path);
}

static void test_issue12_guarded_temp_removed(void **state) {
  (void)state;
  killed_by(SIGTERM, false);
  killed_by(SIGINT, false);
  killed_by(SIGHUP, false);
}

static void test_issue12_unguarded_temp_kept(void **state) {
  (void)state;
  killed_by(SIGTERM, true);   /* renamed into place: no longer ours to remove */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_issue12_guarded_temp_removed),
      cmocka_unit_test(test_issue12_unguarded_temp_kept),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
