/* Prints the version of the libgccjit polc is built with (CMakeLists.txt):
 * part of the native-code cache's key, known without loading libgccjit. */
#include <libgccjit.h>
#include <stdio.h>

int main(void) {
  printf("%d.%d.%d", gcc_jit_version_major(), gcc_jit_version_minor(),
         gcc_jit_version_patchlevel());
  return 0;
}
