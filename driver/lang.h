/*
 * lang.h - the language of polc's messages: the locale variables
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) or the global `--lang zh|en`.
 */
#ifndef POLC_LANG_H
#define POLC_LANG_H

/* Removes every `--lang X` / `--lang=X` from argv (before or after the
 * command name), updating *argc, and binds the message catalogue.  Returns
 * 0, or EXIT_USAGE after reporting a bad value. */
int lang_setup(int *argc, char **argv);

#endif
