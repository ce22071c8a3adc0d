#!/usr/bin/env python3
"""layers.py SOURCE_DIR - polc's folders are layers, and an #include may only
point to the same layer or one below it (README.md, Layout).  Prints every
include that points up, and exits 1 if there is one."""
import os, re, sys

# Lowest first.  A file belongs to the first folder in this list that holds
# it (so compiler/ir/ is its own layer, not part of compiler/).
LAYERS = [
    ("runtime/base", "base utilities: arenas, exact numbers, dates, UTF-8, checked arithmetic"),
    ("lang", "source map, diagnostics, lexer, parser, syntax tree, layout"),
    ("compiler/ir", "the IR, its printer and verifier, the row outcome both engines write"),
    ("compiler", "modules, names, types, checks, lowering to the IR"),
    ("runtime/engines", "the interpreter and the libgccjit backend, side by side"),
    ("runtime/exec", "registries, evaluation, outputs, summary"),
    ("driver", "the polc command line"),
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

def layer_of(path):
    for i, (folder, _) in enumerate(LAYERS):
        if path == folder or path.startswith(folder + "/"):
            if "/" not in path[len(folder) + 1:]:
                return i
    return None

def main():
    root = sys.argv[1]
    bad = checked = 0
    for i, (folder, _) in enumerate(LAYERS):
        d = os.path.join(root, folder)
        for f in sorted(os.listdir(d)):
            if not f.endswith((".c", ".h", ".l", ".y")):
                continue
            rel = f"{folder}/{f}"
            text = open(os.path.join(root, rel), encoding="utf-8").read()
            for inc in INCLUDE.findall(text):
                target = os.path.normpath(os.path.join(folder, inc))
                if not os.path.exists(os.path.join(root, target)):
                    continue          # generated (parser.h) or a system header
                checked += 1
                j = layer_of(target)
                if j is None or j > i:
                    bad += 1
                    where = LAYERS[j][0] if j is not None else "outside the layers"
                    print(f"{rel}: includes {target}, of {where}, above {folder}")
    if bad:
        print(f"{bad} of {checked} includes run against the layers")
        return 1
    print(f"{checked} includes, every one to its own layer or below")
    return 0

sys.exit(main())
