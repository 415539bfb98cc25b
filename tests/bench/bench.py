#!/usr/bin/env python3
"""make bench: how the generator compares with the write floor, mustache.js
and Hugo, measured in one run on this machine and reported as ratios.

Usage: tests/bench/bench.py BUILD_DIR

Every row is measured here, in this run: the baselines (the raw write floor
for the same files and bytes, mustache.js on the same template and context,
Hugo on an equivalent site) are not constants from elsewhere. Times are the
best of REPEAT runs, which filters out noise from the other core.
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
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
WORK = tempfile.mkdtemp(prefix="fitgen-bench-")
rows = []


def timed(cmd, **kw):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{r.stderr}")
    return dt, r.stdout


def tree_stats(d):
    n = b = 0
    for base, _, names in os.walk(d):
        for x in names:
            n += 1
            b += os.path.getsize(os.path.join(base, x))
    return n, b


def row(name, pages, nbytes, seconds, baseline=None, note=""):
    rows.append((name, pages, nbytes, seconds, baseline, note))


def full_build(out, *extra):
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".staging"), ignore_errors=True)
    manifest = os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".manifest")
    if os.path.exists(manifest):
        os.unlink(manifest)
    return timed([FITGEN, "build", "--quiet", "--out", out, *extra], cwd=ROOT)[0]


def floor_time(src, base):
    """The write floor: src's files and bytes written into fresh folders
    under base with plain open/write/close, best of REPEAT."""
    best = None
    for k in range(REPEAT):
        dst = os.path.join(base, f"floor{k}")
        os.sync()
        sec = float(timed([os.path.join(BUILD, "bench", "writefloor"), src, dst])[1].split()[2])
        shutil.rmtree(dst)
        best = sec if best is None else min(best, sec)
    return best


def fast_dir():
    """A folder on tmpfs when the machine has one with room, else on disk.
    On tmpfs the figures measure the generator's own work; on a disk, page
    cache write-back decides when a build stalls, and a 600 MB build makes
    the next one wait for the last one's write-back."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and shutil.disk_usage(shm).free > 4 * 1024 ** 3:
        return tempfile.mkdtemp(prefix="fitgen-bench-", dir=shm), "tmpfs"
    return tempfile.mkdtemp(prefix="fitgen-bench-fast-", dir=WORK), "disk"


def main():
    fast, medium = fast_dir()
    try:
        generator_rows(fast, medium)
        disk_rows()
    finally:
        shutil.rmtree(fast, ignore_errors=True)
    print_table()
    shutil.rmtree(WORK, ignore_errors=True)


def generator_rows(base, medium):
    site = os.path.join(base, "site")
    t_full = min(full_build(site) for _ in range(REPEAT))
    pages, nbytes = tree_stats(site)
    t_floor = floor_time(site, base)
    row(f"[{medium}] write floor (open/write/close)", pages, nbytes, t_floor, None, "baseline")
    row(f"[{medium}] fitgen build, full", pages, nbytes, t_full, t_floor, "goal: <= 2.0x floor")

    t_j1 = min(full_build(site, "--jobs", "1") for _ in range(REPEAT))
    row(f"[{medium}] fitgen build, --jobs 1", pages, nbytes, t_j1, t_full,
        "speed-up of default jobs = ratio (goal >= 1.7)")

    # no-op rebuild (nothing changed): the manifest says the site is current
    full_build(site)
    t_noop = min(timed([FITGEN, "build", "--quiet", "--out", site], cwd=ROOT)[0] for _ in range(REPEAT))
    row(f"[{medium}] fitgen build, nothing changed", pages, 0, t_noop, t_full, "goal: <= 0.20x full")
    # the same with --force: every page rendered and compared, none written
    t_force, out = timed([FITGEN, "build", "--force", "--out", site], cwd=ROOT)
    row(f"[{medium}] fitgen build --force, nothing changed", pages, 0, t_force, t_full, summary(out))

    # one model's file changed, on a copy of the data that had a build of
    # its own first, so only the edit differs
    data = os.path.join(WORK, "data")
    shutil.copytree(os.path.join(ROOT, "data"), data)
    models = sorted(os.listdir(os.path.join(data, "models")))
    mf = os.path.join(data, "models", models[len(models) // 2])
    timed([FITGEN, "build", "--quiet", "--data", data, "--out", site], cwd=ROOT)
    for what, edit in (("description", lambda m: m.update(description=m["description"] + " (edited)")),
                       ("name", lambda m: m.update(name=m["name"] + " (edited)"))):
        m = json.load(open(mf))
        edit(m)
        json.dump(m, open(mf, "w"), indent=2)
        t_one, out = timed([FITGEN, "build", "--data", data, "--out", site], cwd=ROOT)
        row(f"[{medium}] fitgen build, one model's {what} changed", pages, 0, t_one, t_full, summary(out))

    # renderer vs mustache.js on the fit-page template and one real context
    ctx_dir = os.path.join(WORK, "render")
    os.makedirs(os.path.join(ctx_dir, "partials"))
    flatten_fit(ctx_dir)
    out = timed([os.path.join(BUILD, "bench", "renderbench"), ROOT, ctx_dir, "10000"], cwd=ROOT)[1]
    n_render, bytes_render, sec_render = out.split()
    n_render, bytes_render, sec_render = int(n_render), int(bytes_render), float(sec_render)
    js = os.path.join(ROOT, "tests", "bench", "mustache_bench.js")
    node_modules = os.path.join(ROOT, "tests", "bench", "node_modules", "mustache")
    if shutil.which("node") and os.path.isdir(node_modules):
        out = timed(["node", js, ctx_dir, str(n_render)])[1]
        n_js, bytes_js, sec_js = out.split()
        row("mustache.js, fit page from memory", int(n_js), int(bytes_js), float(sec_js), None, "baseline")
        row("fitgen renderer, fit page from memory", n_render, bytes_render, sec_render, float(sec_js),
            "goal: >= 10x faster (ratio <= 0.10)")
    else:
        row("fitgen renderer, fit page from memory", n_render, bytes_render, sec_render, None,
            "mustache.js not installed (make bench installs it)")

    # Hugo on an equivalent site: as many content files, one layout, pages of
    # the same average size, written to the same medium
    if shutil.which("hugo"):
        hs = os.path.join(WORK, "hugo")
        make_hugo_site(hs, min(pages, 5000), nbytes // pages)
        pub = os.path.join(base, "hugo-public")
        t_hugo = min(timed(["hugo", "--quiet", "-s", hs, "-d", pub])[0] for _ in range(2))
        hp, hb = tree_stats(pub)
        per_page = t_full / pages
        row(f"[{medium}] hugo, equivalent site", hp, hb, t_hugo, None,
            f"{t_hugo / hp * 1e6:.0f} us/page vs fitgen {per_page * 1e6:.0f} us/page = "
            f"{t_hugo / hp / per_page:.1f}x (goal >= 10x)")
        shutil.rmtree(pub)
    else:
        row("hugo", 0, 0, 0, None, "not installed (make bench installs Debian's hugo)")
    shutil.rmtree(site)


def disk_rows():
    """The full build against the write floor on this machine's disk, each
    run after a sync so that one build's write-back does not land on the next."""
    site = os.path.join(WORK, "disk-site")
    best = None
    for _ in range(REPEAT):
        os.sync()
        t = full_build(site)
        best = t if best is None else min(best, t)
    pages, nbytes = tree_stats(site)
    t_floor = floor_time(site, WORK)
    row("[disk] write floor (open/write/close)", pages, nbytes, t_floor, None, "baseline")
    row("[disk] fitgen build, full", pages, nbytes, best, t_floor, "goal: <= 2.0x floor")
    shutil.rmtree(site)


def summary(out):
    return out.strip().split("fitgen: ")[-1].split(" -> ")[0]


def flatten_fit(d):
    """fit.mustache fills blocks of base.mustache; mustache.js has no template
    inheritance, so substitute the blocks textually into one template that
    both engines render. Partials are copied as they are."""
    import re
    tdir = os.path.join(ROOT, "templates")
    base = open(os.path.join(tdir, "base.mustache")).read()
    fit = open(os.path.join(tdir, "fit.mustache")).read()
    blocks = dict(re.findall(r"\{\{\$(\w+)\}\}(.*?)\{\{/\1\}\}", fit, re.S))
    flat = re.sub(r"\{\{\$(\w+)\}\}(.*?)\{\{/\1\}\}", lambda m: blocks.get(m.group(1), m.group(2)), base, flags=re.S)
    open(os.path.join(d, "template.mustache"), "w").write(flat)
    for f in os.listdir(tdir):
        if f not in ("base.mustache", "fit.mustache"):
            shutil.copy(os.path.join(tdir, f), os.path.join(d, "partials", f))


def make_hugo_site(hs, n, page_bytes=8000):
    """One content file per page, one layout; the body is sized so that the
    output pages average page_bytes, as fitgen's do."""
    os.makedirs(os.path.join(hs, "content", "p"))
    os.makedirs(os.path.join(hs, "layouts", "_default"))
    open(os.path.join(hs, "hugo.toml"), "w").write(
        'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "home", "section", "404"]\n')
    open(os.path.join(hs, "layouts", "_default", "single.html"), "w").write(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
        "{{ range .Params.rows }}<tr><td>{{ .name }}</td><td>{{ .value }}</td></tr>{{ end }}{{ .Content }}</body></html>")
    body = "x" * max(1000, page_bytes - 900)
    rows = "\n".join(f'  - name: "q{i}"\n    value: "{i * 3}"' for i in range(20))
    for i in range(n):
        open(os.path.join(hs, "content", "p", f"page-{i}.md"), "w").write(
            f'---\ntitle: "Page {i}"\nrows:\n{rows}\n---\n{body}\n')


def print_table():
    print(f"\n{'measure':54} {'files':>7} {'MB':>8} {'seconds':>9} {'files/s':>9} {'MB/s':>8} {'ratio':>7}  note")
    for name, pages, nbytes, sec, base, note in rows:
        fps = pages / sec if sec else 0
        mbs = nbytes / 1e6 / sec if sec else 0
        ratio = f"{sec / base:.2f}x" if base else "—"
        print(f"{name:54} {pages:7d} {nbytes / 1e6:8.1f} {sec:9.3f} {fps:9.0f} {mbs:8.1f} {ratio:>7}  {note}")


if __name__ == "__main__":
    main()
