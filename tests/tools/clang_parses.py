#!/usr/bin/env python3
"""clang_parses.py BUILD_DIR - every C file of compile_commands.json parses
under clang with exactly the flags the build used (issue 13: libgccjit's
header sat in GCC's implicit directory, which CMake leaves out, so clangd,
clang-tidy and scan-build could not read the four JIT files).  Prints one
line per file that fails and exits 1 if any did."""
import json, os, shlex, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

def clang_args(entry):
    args = shlex.split(entry["command"])[1:]
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c"):
            skip = True
            continue
        if a.startswith("-fsanitize") or a.startswith("-W"):
            continue
        out.append(a)
    return ["clang", "-fsyntax-only", "-Wno-everything"] + out + [entry["file"]]

def main():
    build = sys.argv[1]
    entries = json.load(open(os.path.join(build, "compile_commands.json")))
    ours = [e for e in entries if e["file"].endswith(".c")]
    jit = [e for e in ours if os.path.basename(e["file"]).startswith("jit")]
    if len(jit) < 4:
        print(f"FAIL: only {len(jit)} JIT files in compile_commands.json")
        return 1
    def parse(e):
        return e, subprocess.run(clang_args(e), cwd=e["directory"], capture_output=True, text=True)
    failed = 0
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for e, r in pool.map(parse, ours):
            if r.returncode != 0:
                failed += 1
                print(f"FAIL: clang cannot parse {e['file']}:\n{r.stderr[:600]}")
    print(f"{len(ours) - failed} of {len(ours)} files parse under clang")
    return 1 if failed else 0

sys.exit(main())
