/*
 * resolve.h - name lookup for the later checking phases.
 */
#ifndef POLC_RESOLVE_H
#define POLC_RESOLVE_H

#include "unit.h"

/* The input, let or built-in value called `id`; reports and returns NULL
 * when there is none. */
Symbol *resolve_value(Unit *unit, Source *src, Ident id);

#endif
