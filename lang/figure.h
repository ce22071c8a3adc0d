/*
 * figure.h - whether an article's published words hold a figure: an amount
 * or a rate a rule could encode.
 */
#ifndef POLC_LANG_FIGURE_H
#define POLC_LANG_FIGURE_H

#include <stdbool.h>

/* True when text (UTF-8, may be NULL) holds a figure: Arabic digits
 * followed by 元, 万, 亿, % or ％ ("500万元", "30%", "10万/家"), Chinese
 * numerals followed by 元, 万元 or 亿元 ("五百万元", "一亿元"), or 百分之
 * followed by Chinese numerals ("百分之三十"), or a ratio of Arabic digits
 * ("1：1", "1:2").  A number of anything else
 * (2023年, 第3条, 5G, 10家, 一定补贴) is not a figure. */
bool text_has_figure(const char *text);

#endif
