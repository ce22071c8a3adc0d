#!/bin/sh
# browser.sh FILE.html OUTDIR - opens an HTML file in a real browser,
# Debian's headless `chromium`, and writes
#   OUTDIR/shot.png     a screenshot (1280 px wide)
#   OUTDIR/page.pdf     the page printed to PDF (the page's @media print)
#   OUTDIR/console.log  the console messages the page produced
# Exits 1 when the page wrote to the console (the HTML polc writes has no
# script, so any message is an error: a script error, a stray script),
# when the screenshot is blank (every pixel one colour) or when the PDF is
# missing or empty; 77 when chromium is not installed; 2 on misuse.
# Each chromium run has its own profile (a temporary --user-data-dir), a
# time limit, and is killed with its process group whatever happens.
# Used by the tests of `polc report` and `polc doc`.
set -u
[ $# -eq 2 ] || { echo "usage: browser.sh FILE.html OUTDIR" >&2; exit 2; }
file=$1
out=$2
[ -f "$file" ] || { echo "browser.sh: no file '$file'" >&2; exit 2; }
command -v chromium > /dev/null 2>&1 || { echo "browser.sh: chromium is not installed" >&2; exit 77; }
mkdir -p "$out" || exit 2
case $file in /*) url="file://$file" ;; *) url="file://$(pwd)/$file" ;; esac
profile=$(mktemp -d "${TMPDIR:-/tmp}/browser-sh.XXXXXX") || exit 2
pid=
cleanup() {
  [ -n "$pid" ] && kill -KILL -- "-$pid" 2> /dev/null
  rm -rf "$profile"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
sandbox=
[ "$(id -u)" = 0 ] && sandbox=--no-sandbox

run() {   # run LOG CHROMIUM-ARGS...: one headless run, 60 s at most
  log=$1
  shift
  # shellcheck disable=SC2086
  setsid timeout -k 5 60 chromium --headless $sandbox --disable-gpu --no-first-run \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars \
    "$@" "$url" > /dev/null 2> "$log" &
  pid=$!
  wait "$pid"
  status=$?
  kill -KILL -- "-$pid" 2> /dev/null
  pid=
  return $status
}

fail=0
run "$out/shot.err" --window-size=1280,2400 --screenshot="$out/shot.png" ||
  { echo "browser.sh: chromium failed taking the screenshot"; fail=1; }
run "$out/pdf.err" --no-pdf-header-footer --print-to-pdf="$out/page.pdf" ||
  { echo "browser.sh: chromium failed printing"; fail=1; }
grep -h 'CONSOLE' "$out/shot.err" "$out/pdf.err" > "$out/console.log"
if [ -s "$out/console.log" ]; then
  echo "browser.sh: the page wrote to the console:"
  head -20 "$out/console.log"
  fail=1
fi
if [ ! -s "$out/page.pdf" ] || [ "$(head -c 5 "$out/page.pdf")" != "%PDF-" ]; then
  echo "browser.sh: no PDF printed"
  fail=1
fi
python3 - "$out/shot.png" <<'PY' || fail=1
# The screenshot is not blank: its pixels are not all one colour (the PNG
# decoded with zlib: every row unfiltered, no imaging library needed).
import struct, sys, zlib
data = open(sys.argv[1], "rb").read() if __import__("os").path.exists(sys.argv[1]) else b""
if not data.startswith(b"\x89PNG\r\n\x1a\n"):
    sys.exit("browser.sh: no screenshot")
pos, idat, width = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4, 0: 1, 4: 2}[colour] * depth // 8
raw, stride = zlib.decompress(idat), width * bpp
prev, colours = bytearray(stride), set()
for y in range(height):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    colours.update(bytes(line[x:x + bpp]) for x in range(0, stride, bpp * 7))
    prev = line
    if len(colours) > 1 and y > 32:
        break
if len(colours) < 2:
    sys.exit("browser.sh: the screenshot is blank (one colour)")
PY
rm -f "$out/shot.err" "$out/pdf.err"
exit $fail
