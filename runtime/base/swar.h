/*
 * swar.h - eight bytes at a time in a 64-bit word ("SIMD within a
 * register"), for the registry readers' scans for commas, quotes and
 * digits.  Each helper marks bytes with their high bit; past the first
 * marked byte a borrow may mark others, so only the lowest mark is exact,
 * which is the one the readers use (first_marked).
 */
#ifndef POLC_SWAR_H
#define POLC_SWAR_H

#include <stdint.h>
#include <string.h>

#define SWAR_BYTES(b) (UINT64_C(0x0101010101010101) * (b))
/* Inlined wherever used: these are single instructions' worth of work. */
#define SWAR_INLINE static inline __attribute__((always_inline))

/* Eight bytes as one word, the first in the low byte. */
SWAR_INLINE uint64_t swar_load(const char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? x : __builtin_bswap64(x);
}

/* Marks the bytes of x below n (n <= 128): zero bytes for n = 1. */
SWAR_INLINE uint64_t swar_below(uint64_t x, unsigned n) {
  return (x - SWAR_BYTES(n)) & ~x & SWAR_BYTES(0x80);
}

/* Marks the bytes of x equal to c. */
SWAR_INLINE uint64_t swar_equal(uint64_t x, unsigned char c) {
  return swar_below(x ^ SWAR_BYTES(c), 1);
}

/* Index (0-7) of the first marked byte of a nonzero mask. */
SWAR_INLINE int swar_first(uint64_t marks) { return __builtin_ctzll(marks) / 8; }

#endif
