#!/bin/sh
# browser.sh FILE.html OUTDIR - opens a page in headless Chromium and
# leaves OUTDIR/shot.png (a screenshot), OUTDIR/page.pdf (printed) and
# OUTDIR/console.log (the page's console and Chromium's log).  Exits
# nonzero when the page logged a console error, when the screenshot is
# blank (one colour) or missing, or when no PDF was printed (a page
# without script: any console line counts as an error); 77 when
# Chromium is not installed (a ctest skip).  Each run is bounded by
# `timeout` and uses a fresh --user-data-dir; --no-sandbox when root.
set -u
page=$1
out=$2
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "browser.sh: no chromium"; exit 77; }
mkdir -p "$out" || exit 2
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="--no-sandbox"
run() {
  timeout 60 "$browser" --headless $sandbox --disable-gpu --no-first-run \
    --no-default-browser-check --disable-extensions --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 "$@" "$url"
}
run --window-size=1280,2000 --screenshot="$out/shot.png" >"$out/console.log" 2>&1
run --no-pdf-header-footer --print-to-pdf="$out/page.pdf" >>"$out/console.log" 2>&1
status=0
# Chromium logs every console message as INFO:CONSOLE, whatever its level:
# the pages tested have no script, so any console line is an error
if grep -E ':CONSOLE[:(]' "$out/console.log" >/dev/null; then
  echo "browser.sh: the page logged to the console:"
  grep -E 'CONSOLE' "$out/console.log" | head -5
  status=1
fi
[ -s "$out/page.pdf" ] && head -c 5 "$out/page.pdf" | grep -q '%PDF-' ||
  { echo "browser.sh: no PDF printed"; status=1; }
python3 - "$out/shot.png" <<'PY' || status=1
import struct, sys, zlib
try:
    data = open(sys.argv[1], "rb").read()
except OSError:
    sys.exit("browser.sh: no screenshot")
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("browser.sh: the screenshot is not a PNG")
pos, idat, width, height, colour = 8, b"", 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4, 0: 1, 4: 2}.get(colour, 3)
stride = width * bpp
prev = bytearray(stride)
first = None
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if first is None:
        first = bytes(line[:bpp])
    if line != bytearray(first * width):
        sys.exit(0)
    prev = line
sys.exit("browser.sh: the screenshot is blank")
PY
exit $status
