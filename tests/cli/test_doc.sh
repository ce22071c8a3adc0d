#!/bin/sh
# test_doc.sh POLC SOURCE_DIR - `polc doc` (issue 20): the review document
# of a seed policy has one section per article, escapes every text, has no
# script, and opens in headless Chromium (tests/tools/browser.sh) without a
# console message, not blank, and prints to PDF.
polc=$1
src=$2
. "$src/tests/cli/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"

expect_status 0 "polc doc xuhui-ai-2022" "$polc" doc "$src/policies/xuhui-ai-2022.pol" -o "$tmp/doc.html"
# one section per article cited (rules and `article` declarations)
want=$(grep -oE '^(rule [a-z_0-9]+|article) "[^"]*"' "$src/policies/xuhui-ai-2022.pol" |
       sed 's/^[^"]*//' | sort -u | wc -l)
python3 - "$tmp/doc.html" "$want" <<'PY' || fail "the document's structure"
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections, self.scripts, self.h2 = 0, 0, []
        self.in_h2 = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("class") == "article":
            self.sections += 1
        if tag == "script" or any(k.startswith("on") for k in a):
            self.scripts += 1
        self.in_h2 = tag == "h2"
    def handle_data(self, data):
        if self.in_h2:
            self.h2.append(data)
            self.in_h2 = False
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
want = int(sys.argv[2])
assert p.sections == want, (p.sections, want)
assert len(set(p.h2)) == len(p.h2), "an article in two sections"
assert p.scripts == 0, "script in the page"
assert "第三条（六）" in p.h2 and "第二条（一）" in p.h2, p.h2
PY
expect_grep "$tmp/doc.html" '覆盖 100.0%' "the coverage of the policy's tests"
expect_grep "$tmp/doc.html" 'class="reason">未编码：support without an amount' "an article not encoded, with why"
expect_grep "$tmp/doc.html" '<span class="kw">award</span>' "the .pol source is coloured"

# every text escaped: an article's words with markup stay text
cat > "$tmp/evil.pol" <<'POL'
policy evil "<b>标题</b>"
input x: money default 0
rule r "第一条<script>" article "<script>alert(1)</script>&amp;"
  award x
article "第二条" "<img src=x onerror=alert(1)>" reason "\"quoted\" & <em>"
test "t<>" {
  given x = 1元
  expect r = 1元
}
POL
expect_status 0 "polc doc escapes" "$polc" doc "$tmp/evil.pol" -o "$tmp/evil.html"
grep -q '<script\|<img\|<em>\|<b>' "$tmp/evil.html" && fail "an unescaped text in the page"
expect_grep "$tmp/evil.html" '&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;' "escaped article words"
expect_status 2 "polc doc without -o" "$polc" doc "$tmp/evil.pol"
expect_status 2 "polc doc -o the policy itself" "$polc" doc "$tmp/evil.pol" -o "$tmp/evil.pol"

# --format markdown: the counts alone, the "with figures" column exact (an
# amount, rate or ratio in the article's words; an encoded article without
# one is not counted, an article not encoded with one is)
cat > "$tmp/counts.pol" <<'POL'
policy counts "计数"
input x: money default 0
input y: bool default false
rule figure "第一条" article "最高可给予五百万元的一次性奖励。"
  award x cap 500万
rule none "第二条" article "经认定，可给予一定奖励。"
  award x when y
rule ratio "第三条" article "按1：1的比例给予配套支持。"
  award x
article "第四条" "按实际投入的30%给予补贴，由区政府一事一议。" reason "the base is not in a registry"
article "第五条" "本意见自2022年10月16日起施行，第3条不再适用。" reason "no amount"
article "第二条" "另见第二条。" reason "the rest of it"
POL
cat > "$tmp/counts.want" <<'MD'
| file | policy | articles | with figures | encoded | not encoded |
|---|---|---:|---:|---:|---:|
| `counts.pol` | `counts` | 5 | 3 | 3 | 2 |
| all | | 5 | 3 | 3 | 2 |
MD
"$polc" doc --format markdown "$tmp/counts.pol" >"$tmp/counts.md" 2>"$tmp/counts.err" ||
  fail "polc doc --format markdown"
cmp -s "$tmp/counts.want" "$tmp/counts.md" ||
  { fail "the markdown counts"; diff -u "$tmp/counts.want" "$tmp/counts.md"; }
expect_status 0 "polc doc --format markdown -o" "$polc" doc --format markdown "$tmp/counts.pol" -o "$tmp/counts2.md"
cmp -s "$tmp/counts.want" "$tmp/counts2.md" || fail "the markdown counts written with -o"
expect_status 2 "polc doc --format pdf" "$polc" doc --format pdf "$tmp/counts.pol" -o "$tmp/x.pdf"
expect_status 0 "polc doc counts.pol html" "$polc" doc "$tmp/counts.pol" -o "$tmp/counts.html"
expect_grep "$tmp/counts.html" '<td>5</td><td>3</td><td>3</td><td>2</td>' "the same counts in the page"

# the page in a browser
sh "$src/tests/tools/browser.sh" "$tmp/doc.html" "$tmp/shot" >"$tmp/browser.out" 2>&1
status=$?
if [ "$status" = 77 ]; then
  echo "no chromium: the browser part is skipped"
  exit $((failures > 0 ? 1 : 77))
fi
[ "$status" = 0 ] || { fail "the page in Chromium"; sed 's/^/  | /' "$tmp/browser.out"; }
[ -s "$tmp/shot/page.pdf" ] || fail "no PDF printed"
exit $((failures > 0))
