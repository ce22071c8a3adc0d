"""test_lsp.py POLC SOURCE_DIR - `polc lsp` over stdio: every request it
serves, malformed messages, large and binary documents, shutdown."""
import os
import pathlib
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from lsp_client import Client  # noqa: E402

polc, src = os.path.abspath(sys.argv[1]), sys.argv[2]
tmp = pathlib.Path(tempfile.mkdtemp())
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def pos(text, needle, nth=0, delta=0):
    """LSP position (UTF-16) of the nth occurrence of needle."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    i += delta
    line = text.count("\n", 0, i)
    col = i - (text.rfind("\n", 0, i) + 1)
    return {"line": line, "character": len(text[i - col:i].encode("utf-16-le")) // 2}


shutil.copy(os.path.join(src, "tests/golden/check/mistakes.pol"), tmp / "mistakes.pol")
(tmp / "helper.pol").write_text('input seats: count "工位数" default 0\n', encoding="utf-8")
text = (tmp / "mistakes.pol").read_text(encoding="utf-8")
uri = "file://" + str(tmp / "mistakes.pol")

c = Client(polc, cwd=str(tmp))
init = c.initialize()
caps = init["result"]["capabilities"]
check(caps["hoverProvider"] and caps["definitionProvider"], "capabilities")

# --- diagnostics: every code of `polc check`, at polc's positions -----------
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "pol",
                                                   "version": 1, "text": text}})
diags = c.diagnostics(uri)
codes = sorted(d["code"] for d in diags)
import subprocess  # noqa: E402
out = subprocess.run([polc, "check", "--format", "json", str(tmp / "mistakes.pol")],
                     capture_output=True, text=True).stdout
import json  # noqa: E402
expected = sorted(d["code"] for d in json.loads(out) if d.get("severity") != "note")
check(codes == expected, "the codes of polc check: %s vs %s" % (codes, expected))
kind = [d for d in diags if d["code"] == "unknown-kind"]
check(kind and kind[0]["range"]["start"] == pos(text, "setlement"), "unknown-kind at `setlement`")
check(kind and "hint: did you mean `settlement`" in kind[0]["message"], "the hint in the message")
noted = [d for d in diags if d.get("relatedInformation")]
print("diagnostics:", len(diags), "with notes:", len(noted))

# --- code action: the exact fix of a did-you-mean -----------------------------
r = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
              "range": {"start": pos(text, "setlement"), "end": pos(text, "setlement")},
              "context": {"diagnostics": []}})
edits = [e for a in r["result"] for e in a["edit"]["changes"][uri]]
check(any(e["newText"] == "settlement" for e in edits), "quick fix setlement -> settlement")

# --- hover ---------------------------------------------------------------------
h = c.request("textDocument/hover", {"textDocument": {"uri": uri},
              "position": pos(text, "paid_in_capital", 0, 3)})
value = h["result"]["contents"]["value"] if h.get("result") else ""
check("实缴资本" in value and "money" in value and "enterprise" in value,
      "hover an input: label, type, module: %r" % value)
h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos(text, "cap 500万", 0, 4)})
value = h["result"]["contents"]["value"] if h.get("result") else ""
check("5,000,000.00 元" in value, "hover money in yuan: %r" % value)
h = c.request("textDocument/hover", {"textDocument": {"uri": uri},
              "position": pos(text, "revenue_milestone", 0, 2)})
value = h["result"]["contents"]["value"] if h.get("result") else ""
check("第二条（二）" in value and "ladder" in value, "hover a rule: citation and award: %r" % value)

# --- definition across imports, references -----------------------------------------
d = c.request("textDocument/definition", {"textDocument": {"uri": uri},
              "position": pos(text, "paid_in_capital", 0, 1)})
loc = d.get("result") or {}
check(loc.get("uri", "").endswith("/stdlib/enterprise.pol"), "definition in the stdlib: %r" % loc)
d = c.request("textDocument/definition", {"textDocument": {"uri": uri},
              "position": pos(text, "enterprise", 0, 1)})
check((d.get("result") or {}).get("uri", "").endswith("enterprise.pol"), "definition of a module")
r = c.request("textDocument/references", {"textDocument": {"uri": uri},
              "position": pos(text, "paid_in_capital", 0, 1),
              "context": {"includeDeclaration": True}})
uris = {l["uri"] for l in r["result"]}
check(len(r["result"]) >= 3 and any(u.endswith("enterprise.pol") for u in uris),
      "references in the policy and the stdlib")

# --- rename -----------------------------------------------------------------------
r = c.request("textDocument/rename", {"textDocument": {"uri": uri},
              "position": pos(text, "revenue_milestone", 0, 1), "newName": "milestone"})
edits = r["result"]["changes"][uri] if "result" in r else []
check(len(edits) >= 1 and all(e["newText"] == "milestone" for e in edits), "rename a rule")
r = c.request("textDocument/rename", {"textDocument": {"uri": uri},
              "position": pos(text, "paid_in_capital", 0, 1), "newName": "x"})
check("error" in r, "a stdlib input is not renamed here")

# --- completion, symbols ------------------------------------------------------------
r = c.request("textDocument/completion", {"textDocument": {"uri": uri},
              "position": pos(text, "paid_in_capital", 0)})
labels = {i["label"]: i for i in r["result"]}
check("rent_cost" in labels and "年度自用办公场地租金" in labels["rent_cost"].get("detail", ""),
      "completion of inputs with labels")
check("award" in labels and "万" in labels, "keywords and units")
r = c.request("textDocument/completion", {"textDocument": {"uri": uri},
              "position": pos(text, "setllement", 0, 2)})
labels = {i["label"] for i in r["result"]}
check("settlement" in labels and "award" not in labels, "rule ids inside expect: %r" % labels)
r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
names = {s["name"] for s in r["result"]}
check({"settlement", "eda", "实缴3000万的新落户企业"} <= names, "document symbols: %r" % names)

# --- incremental change: diagnostics follow, timed ------------------------------------
start = pos(text, "setlement")
end = dict(start, character=start["character"] + len("setlement"))
t0 = time.time()
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
         "contentChanges": [{"range": {"start": start, "end": end}, "text": "settlement"}]})
diags = c.diagnostics(uri)
print("diagnostics after a change arrived in %.1f ms" % ((time.time() - t0) * 1000))
check(not any(d["code"] == "unknown-kind" for d in diags), "the fixed kind is no longer reported")

# --- formatting ------------------------------------------------------------------------
fmt_uri = "file://" + str(tmp / "ugly.pol")
ugly = 'policy p "p"\n     document "d"\ninput  a :  money "甲"\n'
c.notify("textDocument/didOpen", {"textDocument": {"uri": fmt_uri, "languageId": "pol",
                                                   "version": 1, "text": ugly}})
r = c.request("textDocument/formatting", {"textDocument": {"uri": fmt_uri},
              "options": {"tabSize": 2, "insertSpaces": True}})
want = subprocess.run([polc, "fmt", "-"], input=ugly, capture_output=True, text=True).stdout
check(r.get("result") and r["result"][0]["newText"] == want, "formatting as polc fmt -")

# --- imports relative to the document's path, unsaved ------------------------------------
rel_uri = "file://" + str(tmp / "rel.pol")
rel = 'policy r "r"\nimport "helper.pol"\nrule a "一" award 1万 when seats > 0\n'
c.notify("textDocument/didOpen", {"textDocument": {"uri": rel_uri, "languageId": "pol",
                                                   "version": 1, "text": rel}})
check(c.diagnostics(rel_uri) == [], "a path import relative to the document")
d = c.request("textDocument/definition", {"textDocument": {"uri": rel_uri},
              "position": pos(rel, "seats")})
check((d.get("result") or {}).get("uri", "").endswith("/helper.pol"), "definition in a path import")

# --- robustness: malformed messages get errors, the server goes on ---------------------------
for bad in [b"{", b"[]", b"42", b'{"jsonrpc":"2.0","id":{},"method":"x"}', b"\x00\xff"]:
    c.send_raw(b"Content-Length: %d\r\n\r\n" % len(bad) + bad)
    m = c.read()
    check(m and "error" in m, "an error for %r" % bad)
r = c.request("no/such", {})
check(r.get("error", {}).get("code") == -32601, "method not found")
r = c.request("textDocument/hover", {"textDocument": {"uri": uri}})
check(r.get("error", {}).get("code") == -32602, "invalid params")
r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.pol"},
                                     "position": {"line": 0, "character": 0}})
check("error" in r, "a document that is not open")
r = c.request("textDocument/hover", {"textDocument": {"uri": uri},
                                     "position": {"line": 99999, "character": -5}})
check("result" in r, "a position past the end")
bin_uri = "file://" + str(tmp / "bin.pol")
c.notify("textDocument/didOpen", {"textDocument": {"uri": bin_uri, "version": 1,
                                                   "text": "\x00\x01\ufffd" * 1000}})
check(len(c.diagnostics(bin_uri)) > 0, "a binary file is diagnosed")
big_uri = "file://" + str(tmp / "big.pol")
c.notify("textDocument/didOpen", {"textDocument": {"uri": big_uri, "version": 1,
                                                   "text": "#" * (17 * 1024 * 1024)}})
big = c.diagnostics(big_uri, timeout=30)
check(len(big) == 1 and big[0]["code"] == "file-too-large", "a huge file: said once")

# --- shutdown and exit ---------------------------------------------------------------------
r = c.request("shutdown", None)
check("result" in r and r["result"] is None, "shutdown")
r = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos(text, "eda")})
check("error" in r, "requests after shutdown are refused")
c.notify("exit", None)
check(c.proc.wait(timeout=10) == 0, "exit status 0 after shutdown")

# a closed standard input ends the server too
c2 = Client(polc)
c2.initialize()
c2.proc.stdin.close()
check(c2.proc.wait(timeout=10) == 0, "a closed stdin ends the server")

shutil.rmtree(tmp)
if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("ok")
