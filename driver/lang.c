/*
 * lang.c - which language polc speaks, and where its catalogue is.
 *
 * The usual locale variables choose (LANGUAGE, then LC_ALL, LC_MESSAGES,
 * LANG), or `--lang zh|en`, which wins.  Only LC_MESSAGES is taken from
 * the environment: numbers, dates and sorting stay in the C locale, so a
 * figure never changes with the reader's language.  A locale the C library
 * does not have (zh_CN.UTF-8 not generated) still selects its catalogue:
 * gettext is then run under C.UTF-8 with LANGUAGE naming the language.
 * Without a catalogue every message is the English msgid.
 */
#include "lang.h"

#include <limits.h>
#include <stdbool.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../runtime/base/i18n.h"
#include "driver.h"

#ifndef POLC_INSTALL_LOCALEDIR
#define POLC_INSTALL_LOCALEDIR "/usr/local/share/locale"
#endif

/* The value of LANGUAGE a `--lang` value stands for; NULL if unknown. */
static const char *language_of(const char *value) {
  static const struct { const char *name, *language; } known[] = {
      {"zh", "zh_CN"}, {"zh_CN", "zh_CN"}, {"en", "en"},
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(value, known[i].name) == 0)
      return known[i].language;
  return NULL;
}

/* Takes the `--lang` options out of argv; the last value wins.  *value is
 * NULL when there is none, "" when one lacks its value. */
static void take_lang_options(int *argc, char **argv, const char **value) {
  int kept = 1;
  *value = NULL;
  for (int i = 1; i < *argc; i++) {
    if (strcmp(argv[i], "--lang") == 0) {
      *value = i + 1 < *argc ? argv[++i] : "";
    } else if (strncmp(argv[i], "--lang=", 7) == 0) {
      *value = argv[i] + 7;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argv[kept] = NULL;
  *argc = kept;
}

/* The locale name the environment gives LC_MESSAGES ("" if none). */
static const char *messages_locale_name(void) {
  const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *v = getenv(names[i]);
    if (v && *v)
      return v;
  }
  return "";
}

static bool is_c_locale(const char *name) {
  return !*name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* Selects LC_MESSAGES.  When the C library refuses the environment's
 * locale, the language part of its name (zh_CN of zh_CN.UTF-8) becomes
 * LANGUAGE, which gettext honours under any locale but C; `forced`
 * (--lang) has set LANGUAGE already. */
static void select_messages_locale(bool forced) {
  const char *got = setlocale(LC_MESSAGES, "");
  if (got && !is_c_locale(got))
    return;
  if (!forced) {
    const char *name = messages_locale_name();
    if (is_c_locale(name) || strncmp(name, "C.", 2) == 0)
      return;   /* English: the msgids (and LANGUAGE is ignored, as always) */
    const char *language = getenv("LANGUAGE");
    if (!language || !*language) {
      char lang[64];
      snprintf(lang, sizeof lang, "%.*s", (int)strcspn(name, ".@"), name);
      setenv("LANGUAGE", lang, 1);
    }
  }
  setlocale(LC_MESSAGES, "C.UTF-8");
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalogue folder: `locale` beside the binary (the build tree),
 * PREFIX/share/locale relative to it (an installed, moved polc), else the
 * folder it was configured to be installed into. */
static void bind_catalogue(void) {
  char exe[PATH_MAX], dir[PATH_MAX + 32];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
  const char *chosen = POLC_INSTALL_LOCALEDIR;
  if (slash) {
    *slash = '\0';
    snprintf(dir, sizeof dir, "%s/locale", exe);
    if (!is_dir(dir))
      snprintf(dir, sizeof dir, "%s/../share/locale", exe);
    if (is_dir(dir))
      chosen = dir;
  }
  bindtextdomain(POLC_TEXT_DOMAIN, chosen);
  /* the catalogue is UTF-8 and so is everything polc prints, whatever
   * LC_CTYPE says */
  bind_textdomain_codeset(POLC_TEXT_DOMAIN, "UTF-8");
  /* and the C library's words within them (strerror, dlerror), which it
   * would otherwise convert to LC_CTYPE's ASCII: "????" for each character */
  bind_textdomain_codeset("libc", "UTF-8");
  textdomain(POLC_TEXT_DOMAIN);
}

int lang_setup(int *argc, char **argv) {
  const char *value;
  take_lang_options(argc, argv, &value);
  const char *language = value ? language_of(value) : NULL;
  if (language)
    setenv("LANGUAGE", language, 1);
  select_messages_locale(language != NULL);
  bind_catalogue();
  if (value && !language)
    return usage_error(NULL, "--lang takes zh or en, not '%s'", value);
  return EXIT_OK;
}
