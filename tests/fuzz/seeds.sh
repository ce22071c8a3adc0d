#!/bin/sh
# seeds.sh HARNESS - prints the seed corpus directories of one fuzz harness:
# the inputs the tests and the examples already hold.
case "$1" in
  policy)   echo tests/golden/check tests/golden/parse policies examples stdlib ;;
  registry) echo examples tests/golden/eval/bad_rows tests/golden/eval/jsonl_input \
                 tests/golden/eval/issue11_cr_only_csv tests/golden/eval/issue11_header_case \
                 tests/golden/eval/issue11_jsonl_key_case tests/golden/eval/issue16_cell_forms \
                 tests/golden/eval/issue16_cell_forms_rejected tests/fuzz/seeds/registry ;;
  cells)    echo tests/fuzz/seeds/cells ;;
  xlsx)     echo tests/fuzz/seeds/xlsx ;;
  lsp)      echo tests/fuzz/seeds/lsp tests/golden/check ;;
  *)        echo "seeds.sh: no harness $1" >&2; exit 2 ;;
esac
