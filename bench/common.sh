# common.sh - sourced by the benchmark scripts after `set -u`, with the
# script's arguments BUILD_DIR [ROWS]: sets build, rows (default 1,000,000),
# src (the checkout), data (BUILD_DIR/bench-data) and registry, the
# synthetic registry of ROWS rows with percent cells, generated once.
build=$(cd "$1" && pwd)
rows=${2:-1000000}
src=$(cd "$(dirname "$0")/.." && pwd)
data="$build/bench-data"
mkdir -p "$data"
registry="$data/registry-$rows.csv"
[ -f "$registry" ] || "$build/bench/gen_registry" "$rows" --clean > "$registry"
