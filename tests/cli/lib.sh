# lib.sh - what the command-line tests share; sourced after `polc` and `src`
# are set.  A scratch folder $tmp (removed at exit), a failure count, and
# the checks that add to it.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {   # fail WHAT
  echo "FAIL: $*"
  failures=$((failures + 1))
}

expect_status() {   # expect_status WANT DESCRIPTION COMMAND...
  want=$1; what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" != "$want" ]; then
    fail "$what: exit $got, expected $want"
    sed 's/^/  | /' "$tmp/err" | head -20
  fi
}

expect_grep() {   # expect_grep FILE PATTERN DESCRIPTION
  if ! grep -q -- "$2" "$1"; then
    fail "$3: '$2' not in the output"
    sed 's/^/  | /' "$1" | head -20
  fi
}

# example_copies COPIES [AWK]: the example registry's header, then its rows
# COPIES times over under new ids (ID-k for the k-th copy, from 0), on
# standard output.  AWK runs on each row before it is printed: $0 the row,
# id its example's id, k the copy, i the row within it, n the row's number
# from 1, col["name"] a column's number.
example_copies() {
  awk -F, -v OFS=, -v copies="$1" '
    NR == 1 { print; for (c = 1; c <= NF; c++) col[$c] = c; next }
    { row[++rows] = $0 }
    END { for (k = 0; k < copies; k++) for (i = 1; i <= rows; i++) {
            n++; $0 = row[i]; id = $1; $1 = id "-" k
            '"${2:-}"'
            print } }' "$src/examples/registry.csv"
}

# need_openpyxl: sets $py to the system python3, which must have openpyxl
# (python3-openpyxl, installed by make) to write and read workbooks.
need_openpyxl() {
  py=/usr/bin/python3
  "$py" -c 'import openpyxl' 2>/dev/null || { echo "python3-openpyxl is not installed"; exit 1; }
}
