/*
 * jit_cache.c - loading native code: from the cache when a verified entry
 * exists, else compiled afresh (and cached when the cache can be trusted).
 *
 * The cache is $XDG_CACHE_HOME/polc (or ~/.cache/polc).  It is used only
 * when it is a real directory (not a symbolic link) owned by the effective
 * user and of mode 0700; anything else is said once and left alone, and the
 * code is compiled afresh in a private temporary directory instead.  All
 * its files are reached through the descriptor of the directory checked,
 * never again through its path.
 *
 * An entry is KEY.so, the shared object, and KEY.sha256, the SHA-256 of
 * its bytes.  KEY is the SHA-256 of polc's build id (cmake/build_id.cmake:
 * its sources and libpolcrt.a), the version of libgccjit polc was built
 * with, the optimisation level and the digest of the policy sources
 * (engine.c), so another build, level or source never shares an entry.
 * Both files are written to temporary files (O_EXCL, mode 0600) and
 * renamed into place, the object first, under a lock on the directory so
 * that readers see the two as a pair.
 *
 * Loading never runs what it has not checked: both files are opened
 * without following links, must be regular, the user's and not writable by
 * group or others; the object is read into memory, its SHA-256 compared
 * with the recorded one, and those same bytes, not the file, are handed to
 * the loader through a sealed memfd (/proc/self/fd/N), so nothing can
 * change between the check and dlopen.  The fingerprint the object reports
 * (polc_fingerprint) is a second check, never the trust anchor.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* memfd_create */
#endif
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build_id.h"   /* generated: POLC_BUILD_ID */
#include "jit.h"
#include "../base/i18n.h"

#ifndef POLC_VERSION
#define POLC_VERSION "0"
#endif

/* No shared object polc generates comes near this; a larger file is not
 * read into memory. */
enum { MAX_OBJECT_BYTES = 256 * 1024 * 1024 };
enum { HEX_DIGEST = 2 * SHA256_DIGEST_SIZE };

struct JitCode {
  void *handle;
  int fd;            /* the memory file it was loaded from, open while loaded */
  JitRowFn fn;
  double compile_seconds;
  bool from_cache;
};

typedef struct Bytes {
  unsigned char *data;
  size_t len;
} Bytes;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sha256_hex(const void *data, size_t len, char out[HEX_DIGEST + 1]) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, len, data);
  sha256_digest(&ctx, sizeof digest, digest);
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
    snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* Reads the whole of an open regular file of at most `max` bytes. */
static bool read_fd(int fd, size_t max, Bytes *out) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max)
    return false;
  out->len = (size_t)st.st_size;
  out->data = xmalloc(out->len + 1);
  size_t got = 0;
  while (got < out->len) {
    ssize_t n = read(fd, out->data + got, out->len - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  if (got == out->len)
    return true;
  free(out->data);
  out->data = NULL;
  return false;
}

/* ---- the directory ---- */

static bool cache_path(char *buf, size_t size) {
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (xdg && *xdg)
    snprintf(buf, size, "%s/polc", xdg);
  else if (home && *home)
    snprintf(buf, size, "%s/.cache/polc", home);
  else
    return false;
  return true;
}

/* Creates the missing directories on the way to `path` (not `path`
 * itself), private as the XDG specification asks of a cache home. */
static void make_parents(const char *path) {
  char buf[PATH_MAX];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(buf, 0700);
      *p = '/';
    }
}

/* Opens the cache directory, creating it 0700 when missing.  Returns its
 * descriptor, or -1 with *why (NULL: there is no cache directory at all,
 * nothing to say) when it must not be used. */
static int cache_open(char *path, size_t size, const char **why) {
  *why = NULL;
  if (!cache_path(path, size))
    return -1;
  make_parents(path);
  bool created = mkdir(path, 0700) == 0;
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    *why = errno == ELOOP || errno == ENOTDIR
               ? _("it is a symbolic link or not a directory; remove it")
               : _("it cannot be opened");
    return -1;
  }
  if (created)
    fchmod(fd, 0700);   /* the mode asked of mkdir passed through the umask */
  struct stat st;
  if (fstat(fd, &st) != 0)
    *why = _("it cannot be examined");
  else if (st.st_uid != geteuid())
    *why = _("it belongs to another user; remove it or set XDG_CACHE_HOME to a directory "
             "of yours");
  else if ((st.st_mode & 07777) != 0700)
    *why = _("others may read or write it (its mode is not 0700); `chmod 700` it or "
             "remove it");
  if (*why) {
    close(fd);
    return -1;
  }
  return fd;
}

/* ---- keys and entries ---- */

static void hash_text(struct sha256_ctx *ctx, const char *label, const char *text) {
  sha256_update(ctx, strlen(label) + 1, (const uint8_t *)label);   /* with its NUL */
  sha256_update(ctx, strlen(text) + 1, (const uint8_t *)text);
}

/* KEY: what the native code depends on besides the policies themselves.
 * A runtime library named by POLC_RUNTIME_LIB (tests, unusual layouts) is
 * not the one the build id covers: its bytes are hashed in. */
static void entry_key(const JitOptions *o, char out[HEX_DIGEST + 1]) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  char text[64];
  sha256_init(&ctx);
  hash_text(&ctx, "polc native-code cache", "2");
  hash_text(&ctx, "build", POLC_BUILD_ID);
  /* the version polc was built with: asking the library its own would
   * load it, and a cached run never needs it (gccjit_api.h) */
  hash_text(&ctx, "libgccjit", POLC_GCCJIT_VERSION);
  const char *runtime = getenv("POLC_RUNTIME_LIB");
  if (runtime && *runtime) {
    char runtime_digest[HEX_DIGEST + 1] = "unreadable";
    Bytes b = {0};
    int fd = open(runtime, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && read_fd(fd, MAX_OBJECT_BYTES, &b)) {
      sha256_hex(b.data, b.len, runtime_digest);
      free(b.data);
    }
    if (fd >= 0)
      close(fd);
    hash_text(&ctx, "runtime", runtime_digest);
  }
  snprintf(text, sizeof text, "%d", o->opt_level);
  hash_text(&ctx, "opt", text);
  hash_text(&ctx, "sources", o->key);
  sha256_digest(&ctx, sizeof digest, digest);
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
    snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static void entry_name(const char *key, const char *suffix, char *buf, size_t size) {
  snprintf(buf, size, "%s%s", key, suffix);
}

/* Reads an entry's file through the directory's descriptor.  Returns 0,
 * ENOENT when there is no such file, or EPERM (with *why) when the file is
 * there but not to be trusted. */
static int read_entry(int dirfd, const char *name, size_t max, Bytes *out, const char **why) {
  /* O_NONBLOCK: a FIFO put in place of the file must not hang polc */
  int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return ENOENT;
    *why = _("it is a symbolic link or cannot be opened");
    return EPERM;
  }
  struct stat st;
  *why = NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    *why = _("it is not a regular file");
  else if (st.st_uid != geteuid())
    *why = _("it belongs to another user");
  else if (st.st_mode & (S_IWGRP | S_IWOTH))
    *why = _("others may write it");
  else if (!read_fd(fd, max, out))
    *why = _("it cannot be read whole");
  close(fd);
  return *why ? EPERM : 0;
}

/* True when [offset, offset + count * each) lies inside `size` bytes. */
static bool inside(uint64_t offset, uint64_t count, uint64_t each, uint64_t size) {
  return offset <= size && (each == 0 || count <= (size - offset) / each);
}

/* True when `b` is a whole ELF shared object: every segment and the
 * section table lie inside it (a truncated object mapped would kill polc
 * with SIGBUS when the missing part is touched). */
static bool elf_whole(const Bytes *b) {
  Elf64_Ehdr eh;
  if (b->len < sizeof eh)
    return false;
  memcpy(&eh, b->data, sizeof eh);
  uint64_t size = b->len;
  if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_phentsize != sizeof(Elf64_Phdr) ||
      !inside(eh.e_shoff, eh.e_shnum, eh.e_shentsize, size) ||
      !inside(eh.e_phoff, eh.e_phnum, sizeof(Elf64_Phdr), size))
    return false;
  for (int i = 0; i < eh.e_phnum; i++) {
    Elf64_Phdr ph;
    memcpy(&ph, b->data + eh.e_phoff + (uint64_t)i * sizeof ph, sizeof ph);
    if (!inside(ph.p_offset, ph.p_filesz, 1, size))
      return false;
  }
  return true;
}

/* ---- loading ---- */

/* Loads exactly these bytes: they are copied into an anonymous memory file,
 * sealed, and that is what the loader maps, so no file another process can
 * touch is ever opened by dlopen.  NULL, with *why, when they cannot be
 * loaded or were made for another program. */
static JitCode *load_bytes(const Bytes *b, const char *expected, const char **why) {
  if (!elf_whole(b)) {
    *why = _("the file is not a whole shared object");
    return NULL;
  }
  int fd = memfd_create("polc-native-code", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) {
    *why = _("no memory file for it (memfd_create failed)");
    return NULL;
  }
  size_t put = 0;
  while (put < b->len) {
    ssize_t n = write(fd, b->data + put, b->len - put);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    put += (size_t)n;
  }
  fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  void *handle = put == b->len ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
  const char *dl = handle || put != b->len ? NULL : dlerror();   /* answers once: keep it */
  if (!handle) {
    close(fd);
    *why = dl ? dl : _("it could not be copied into memory");
    return NULL;
  }
  const char *(*print)(void) = (const char *(*)(void))dlsym(handle, "polc_fingerprint");
  JitRowFn fn = (JitRowFn)dlsym(handle, "polc_row");
  if (!print || !fn || strcmp(print(), expected) != 0) {
    dlclose(handle);
    close(fd);
    *why = _("it lacks polc's entry points or was made for another program");
    return NULL;
  }
  /* The descriptor stays open while the code is loaded: the loader knows
   * an object by its path, and a second program's code (compare loads
   * two) opened as the same /proc/self/fd/N would be taken for the first. */
  JitCode *code = xcalloc(1, sizeof *code);
  code->handle = handle;
  code->fd = fd;
  code->fn = fn;
  return code;
}

static void forget_entry(int dirfd, const char *key) {
  char name[HEX_DIGEST + 16];
  entry_name(key, ".so", name, sizeof name);
  unlinkat(dirfd, name, 0);
  entry_name(key, ".sha256", name, sizeof name);
  unlinkat(dirfd, name, 0);
}

/* The cached entry `key`, checked before anything of it runs; NULL when
 * there is none or it fails a check (then said, and removed). */
static JitCode *from_cache(int dirfd, const char *dir, const char *key, const char *expected,
                           bool verbose, Diags *diags) {
  char name[HEX_DIGEST + 16];
  Bytes recorded = {0}, object = {0};
  const char *why = NULL;
  entry_name(key, ".sha256", name, sizeof name);
  flock(dirfd, LOCK_SH);   /* the pair as one run stored it (cache_store) */
  int status = read_entry(dirfd, name, HEX_DIGEST + 1, &recorded, &why);
  if (status == 0) {
    entry_name(key, ".so", name, sizeof name);
    status = read_entry(dirfd, name, MAX_OBJECT_BYTES, &object, &why);
  }
  flock(dirfd, LOCK_UN);
  JitCode *code = NULL;
  if (status == 0) {
    char actual[HEX_DIGEST + 1];
    sha256_hex(object.data, object.len, actual);
    if (recorded.len != HEX_DIGEST + 1 || memcmp(recorded.data, actual, HEX_DIGEST) != 0)
      why = _("its SHA-256 is not the one recorded when it was built");
    else
      code = load_bytes(&object, expected, &why);
  }
  free(recorded.data);
  free(object.data);
  if (code) {
    code->from_cache = true;
    if (verbose)
      diag_remark(diags, "native-code", "native code from the cache: %s/%s.so (SHA-256 checked)",
                  dir, key);
  } else if (status == ENOENT) {
    if (verbose)
      diag_remark(diags, "native-code", "no cached native code for these policies in %s", dir);
  } else {
    diag_warning(diags, NULL, SPAN_NONE, "native-code",
                 "the cached native code for this policy failed its check (%s): rebuilding it",
                 why);
    if (verbose)
      diag_remark(diags, "native-code", "the entry was %s/%s.so", dir, key);
    forget_entry(dirfd, key);
  }
  return code;
}

/* ---- compiling and caching ---- */

/* Compiles into a fresh private directory (mkdtemp: 0700, ours) and reads
 * the object back; the directory is removed. */
static bool compile_bytes(const IrProgram *prog, const JitOptions *o, const char *expected,
                          Bytes *out, Diags *diags) {
  const char *tmp = getenv("TMPDIR");
  char dir[PATH_MAX - 32], path[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/polc-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    diag_error(diags, NULL, SPAN_NONE, "native-code",
               "cannot create a private temporary directory for native code");
    return false;
  }
  snprintf(path, sizeof path, "%s/native.so", dir);
  bool ok = jit_compile_fingerprinted(prog, o->opt_level, path, NULL, expected, diags);
  if (ok) {
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    ok = fd >= 0 && read_fd(fd, MAX_OBJECT_BYTES, out);
    if (fd >= 0)
      close(fd);
    if (!ok)
      diag_error(diags, NULL, SPAN_NONE, "native-code",
                 "the native code was built but cannot be read back");
  }
  unlink(path);
  rmdir(dir);
  return ok;
}

/* Writes `name` in the directory atomically: a new temporary file (O_EXCL,
 * 0600 whatever the umask), then renamed over the old one. */
static bool write_atomically(int dirfd, const char *name, const void *data, size_t len) {
  char temp[HEX_DIGEST + 64];
  snprintf(temp, sizeof temp, ".%s.%ld.tmp", name, (long)getpid());
  unlinkat(dirfd, temp, 0);   /* left by a run of ours that died with this pid */
  int fd = openat(dirfd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return false;
  bool ok = fchmod(fd, 0600) == 0;
  for (size_t put = 0; ok && put < len;) {
    ssize_t n = write(fd, (const char *)data + put, len - put);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    put += ok ? (size_t)n : 0;
  }
  ok = close(fd) == 0 && ok && renameat(dirfd, temp, dirfd, name) == 0;
  if (!ok)
    unlinkat(dirfd, temp, 0);
  return ok;
}

/* Caches the object as KEY.so, then its digest as KEY.sha256, under an
 * exclusive lock on the directory: two runs storing the same entry at once
 * (their objects may differ in their debugging information) never leave one's
 * object with the other's digest, and a reader (shared lock) sees a pair. */
static bool cache_store(int dirfd, const char *key, const Bytes *object) {
  char name[HEX_DIGEST + 16], digest[HEX_DIGEST + 2];
  sha256_hex(object->data, object->len, digest);
  digest[HEX_DIGEST] = '\n';
  digest[HEX_DIGEST + 1] = '\0';
  flock(dirfd, LOCK_EX);
  entry_name(key, ".so", name, sizeof name);
  bool ok = write_atomically(dirfd, name, object->data, object->len);
  entry_name(key, ".sha256", name, sizeof name);
  ok = ok && write_atomically(dirfd, name, digest, HEX_DIGEST + 1);
  flock(dirfd, LOCK_UN);
  return ok;
}

static JitCode *compile(const IrProgram *prog, const JitOptions *o, int dirfd, const char *dir,
                        const char *key, const char *expected, Diags *diags) {
  Bytes object = {0};
  double start = now();
  if (!compile_bytes(prog, o, expected, &object, diags))
    return NULL;
  double seconds = now() - start;
  const char *why = NULL;
  JitCode *code = load_bytes(&object, expected, &why);
  bool stored = code && dirfd >= 0 && cache_store(dirfd, key, &object);
  free(object.data);
  if (!code) {
    diag_error(diags, NULL, SPAN_NONE, "native-code",
               "the native code was built but cannot be loaded: %s", why);
    return NULL;
  }
  code->compile_seconds = seconds;
  if (o->verbose && stored)
    diag_remark(diags, "native-code", "compiled to native code in %.2f s, cached as %s/%s.so",
                seconds, dir, key);
  else if (o->verbose)
    diag_remark(diags, "native-code", "compiled to native code in %.2f s (not cached)",
                seconds);
  return code;
}

static char *fingerprint(const JitOptions *o) {
  char *s = xmalloc(256);
  snprintf(s, 256, "polc %s/%.16s O%d %.64s", POLC_VERSION, POLC_BUILD_ID, o->opt_level,
           o->key ? o->key : "-");
  return s;
}

JitCode *jit_load(const IrProgram *prog, const JitOptions *o, Diags *diags) {
  char dir[PATH_MAX], key[HEX_DIGEST + 1] = "";
  const char *why = NULL;
  int dirfd = o->use_cache && o->key ? cache_open(dir, sizeof dir, &why) : -1;
  if (why)
    diag_warning(diags, NULL, SPAN_NONE, "native-code",
                 "the native-code cache %s is not used: %s", dir, why);
  char *expected = fingerprint(o);
  JitCode *code = NULL;
  if (dirfd >= 0) {
    entry_key(o, key);
    code = from_cache(dirfd, dir, key, expected, o->verbose, diags);
  }
  if (!code)
    code = compile(prog, o, dirfd, dir, key, expected, diags);
  if (dirfd >= 0)
    close(dirfd);
  free(expected);
  return code;
}

bool jit_cache_has(const JitOptions *o) {
  char dir[PATH_MAX], key[HEX_DIGEST + 1], name[HEX_DIGEST + 16];
  const char *why;
  int dirfd = o->use_cache && o->key ? cache_open(dir, sizeof dir, &why) : -1;
  if (dirfd < 0)
    return false;
  entry_key(o, key);
  entry_name(key, ".so", name, sizeof name);
  bool has = faccessat(dirfd, name, R_OK, 0) == 0;
  entry_name(key, ".sha256", name, sizeof name);
  has = has && faccessat(dirfd, name, R_OK, 0) == 0;
  close(dirfd);
  return has;
}

JitRowFn jit_function(const JitCode *code) { return code->fn; }
double jit_compile_seconds(const JitCode *code) { return code->compile_seconds; }
bool jit_from_cache(const JitCode *code) { return code->from_cache; }

void jit_unload(JitCode *code) {
  if (!code)
    return;
  dlclose(code->handle);
  close(code->fd);
  free(code);
}
