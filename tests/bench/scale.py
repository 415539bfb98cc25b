#!/usr/bin/env python3
"""make bench-scale: pages/s and peak memory on synthetic catalogs that grow.

Usage: tests/bench/scale.py BUILD_DIR [MODELSxHARDWARE ...]
       (default: 50x67 and 200x167, about 10,000 and 100,000 pages)

Each catalog is the real data/ with every model and hardware file cloned
under new slugs until it has the asked number of entries (the clones are
real, valid entries, so the estimator does real work). The build runs with
the default --jobs into a temporary folder; peak RSS is the child's
ru_maxrss from wait4(2). The streaming goal: RSS stays flat as pages grow
(under 200 MB at 100,000 pages).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FITGEN = os.path.join(BUILD, "fitgen")
SIZES = sys.argv[2:] or ["50x67", "200x167"]


def clone(src_dir, dst_dir, want):
    """Copies src_dir's entries into dst_dir, adding clones until it holds
    `want` files (or keeping the first `want` originals)."""
    os.makedirs(dst_dir)
    names = sorted(f for f in os.listdir(src_dir) if f.endswith(".json"))
    originals = [json.load(open(os.path.join(src_dir, f))) for f in names]
    made = 0
    k = 0
    while made < want:
        for e in originals:
            if made == want:
                break
            e2 = dict(e)
            if k:
                e2["slug"] = f"{e['slug']}-s{k}"
                e2["name"] = f"{e['name']} (clone {k})"
            json.dump(e2, open(os.path.join(dst_dir, e2["slug"] + ".json"), "w"))
            made += 1
        k += 1


def catalog(work, n_models, n_hw):
    data = os.path.join(work, f"data-{n_models}x{n_hw}")
    os.makedirs(data)
    for f in os.listdir(os.path.join(ROOT, "data")):
        p = os.path.join(ROOT, "data", f)
        if os.path.isfile(p):
            shutil.copy(p, data)
    clone(os.path.join(ROOT, "data", "models"), os.path.join(data, "models"), n_models)
    clone(os.path.join(ROOT, "data", "hardware"), os.path.join(data, "hardware"), n_hw)
    # popular pairs must name entries that exist in a smaller catalog
    sj = os.path.join(data, "site.json")
    site = json.load(open(sj))
    models = {f[:-5] for f in os.listdir(os.path.join(data, "models"))}
    hw = {f[:-5] for f in os.listdir(os.path.join(data, "hardware"))}
    if "popular" in site:
        site["popular"] = [p for p in site["popular"] if p[0] in models and p[1] in hw]
    json.dump(site, open(sj, "w"))
    return data


def main():
    work = tempfile.mkdtemp(prefix="fitgen-scale-")
    print(f"{'catalog':>10} {'pairs':>7} {'files':>8} {'MB':>8} {'seconds':>8} {'files/s':>8} {'peak RSS MB':>12}")
    try:
        for size in SIZES:
            nm, nh = (int(x) for x in size.split("x"))
            data = catalog(work, nm, nh)
            out = os.path.join(work, "site")
            t0 = time.perf_counter()
            p = subprocess.Popen([FITGEN, "build", "--quiet", "--data", data, "--out", out], cwd=ROOT,
                                 stderr=subprocess.PIPE)
            _, status, ru = os.wait4(p.pid, 0)
            dt = time.perf_counter() - t0
            err = p.stderr.read().decode()
            p.stderr.close()
            if status != 0:
                sys.exit(f"bench-scale: build of {size} failed:\n{err}")
            files = nbytes = 0
            for base, _, names in os.walk(out):
                files += len(names)
                nbytes += sum(os.path.getsize(os.path.join(base, n)) for n in names)
            print(f"{size:>10} {nm * nh:7d} {files:8d} {nbytes / 1e6:8.1f} {dt:8.2f} {files / dt:8.0f} {ru.ru_maxrss / 1024:12.1f}")
            shutil.rmtree(out)
            shutil.rmtree(data)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
