#!/usr/bin/env python3
"""End-to-end tests: build the fixture site with the real binary and check
what a person and a search engine would get.

Usage: tests/e2e.py BUILD/fitgen
Prints one line per check and a closing "N passed, N failed" line; exits 1
when any check failed.
"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FITGEN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/fitgen")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "catalog")
GOLDEN = os.path.join(ROOT, "tests", "golden")
# E2E_OUT lets two runs share a checkout without trampling each other
OUT = os.environ.get("E2E_OUT") or os.path.join(ROOT, "tests", "out", "e2e")

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))


SDE = "1767225600"  # 2026-01-01, so golden files are stable


def run(*args, cwd=ROOT, env=None):
    e = dict(os.environ)
    e["SOURCE_DATE_EPOCH"] = SDE
    if env:
        e.update(env)
    return subprocess.run([FITGEN, *args], cwd=cwd, capture_output=True, text=True, env=e)


def build(out, data=FIXTURE, *extra):
    return run("build", "--data", data, "--out", out, "--quiet", *extra)


def files_under(d):
    result = {}
    for base, _, names in os.walk(d):
        for n in names:
            p = os.path.join(base, n)
            result[os.path.relpath(p, d)] = p
    return result


class Parser(html.parser.HTMLParser):
    """Collects ids, links, scripts; fails on stray end tags."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []
        self.scripts = []
        self.stack = []
        self.errors = []
        self._script = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if k in a:
                self.links.append(a[k])
        if tag == "script":
            self._script = [a.get("type", ""), ""]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None
        if tag in self.VOID:
            return
        if tag in self.stack:
            while self.stack and self.stack[-1] != tag:
                # p and li may be closed implicitly; anything else is an error
                if self.stack[-1] not in ("p", "li"):
                    self.errors.append(f"unclosed <{self.stack[-1]}> before </{tag}>")
                self.stack.pop()
            self.stack.pop()
        else:
            self.errors.append(f"stray </{tag}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        else:
            self.text.append(data)


def parse(path):
    p = Parser()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    site = os.path.join(OUT, "site")

    r = build(site)
    check("build exits 0", r.returncode == 0, r.stderr)
    if r.returncode != 0:
        return
    models = sorted(f[:-5] for f in os.listdir(os.path.join(FIXTURE, "models")))
    hardware = sorted(f[:-5] for f in os.listdir(os.path.join(FIXTURE, "hardware")))
    files = files_under(site)

    # every pair has its fit page, embed card and API file
    missing = [f"{m}/on/{h}" for m in models for h in hardware
               if f"{m}/on/{h}/index.html" not in files
               or f"embed/{m}-on-{h}/index.html" not in files
               or f"api/{m}/{h}.json" not in files]
    check("every pair has a fit page, an embed card and an API file", not missing, ", ".join(missing))

    sections = ["verdict-h", "memory", "quants", "workloads", "limits", "context", "feel", "run",
                "upgrades", "faq", "embed"]
    bad_sections, bad_ld, bad_html, bad_embed, bad_links = [], [], [], [], []
    html_pages = [k for k in files if k.endswith(".html")]
    for rel in html_pages:
        p = parse(files[rel])
        if p.errors:
            bad_html.append(f"{rel}: {p.errors[0]}")
        for kind, body in p.scripts:
            if kind == "application/ld+json" or kind == "application/json":
                try:
                    json.loads(body)
                except ValueError as e:
                    bad_ld.append(f"{rel}: {e}")
        # every relative link resolves to a file in the site
        for link in p.links:
            if re.match(r"^[a-z]+:", link) or link.startswith("#") or link.startswith("//"):
                continue
            clean = link.split("?")[0].split("#")[0]
            if clean.startswith("/"):  # root-relative (the 404 page): from the site's root
                target = os.path.normpath(clean.lstrip("/") or ".")
            else:
                target = os.path.normpath(os.path.join(os.path.dirname(rel), clean))
            if link.endswith("/") or link == "" or os.path.isdir(os.path.join(site, target)):
                target = os.path.normpath(os.path.join(target, "index.html"))
            if target not in files:
                bad_links.append(f"{rel} -> {link}")
        if "/on/" in rel:
            missing_ids = [s for s in sections if s not in p.ids]
            if missing_ids:
                bad_sections.append(f"{rel}: {missing_ids}")
            m = re.search(r'&lt;iframe src=&quot;([^&]+)&quot;', open(files[rel], encoding="utf-8").read())
            base = json.load(open(os.path.join(FIXTURE, "site.json")))["base_url"]
            if not m or not m.group(1).startswith(base + "/embed/"):
                bad_embed.append(rel)
            else:
                embed_rel = m.group(1)[len(base) + 1:] + "index.html"
                if embed_rel not in files:
                    bad_embed.append(f"{rel} -> {embed_rel}")
    check("every fit page has all twelve sections", not bad_sections, "; ".join(bad_sections[:3]))
    check("every JSON-LD and JSON script block parses", not bad_ld, "; ".join(bad_ld[:3]))
    check("every HTML page is well nested", not bad_html, "; ".join(bad_html[:3]))
    check("every embed snippet points at an embed page that exists", not bad_embed, "; ".join(bad_embed[:3]))
    check("no broken internal link or asset", not bad_links, "; ".join(bad_links[:5]))

    # API files carry the estimator's fields
    api = json.load(open(files[f"api/{models[0]}/{hardware[0]}.json"]))
    need = ["weights_bytes", "kv_cache_bytes", "runtime_bytes", "total_bytes", "usable_bytes",
            "headroom_bytes", "offload_fraction", "host_ram_bytes", "fit", "decode_tok_s",
            "prefill_tok_s", "ttft_ms", "safe_context", "score", "grade", "best_quant"]
    check("API file has every estimate field", all(k in api for k in need),
          str([k for k in need if k not in api]))
    check("API memory components sum to the total",
          abs(api["weights_bytes"] + api["kv_cache_bytes"] + api["runtime_bytes"] - api["total_bytes"]) <= 2)

    # the same pair shows the same numbers everywhere: API vs `fitgen estimate --json`
    r = run("estimate", models[0], hardware[0], "--data", FIXTURE, "--json")
    est = json.loads(r.stdout) if r.returncode == 0 else {}
    check("fitgen estimate --json matches the API file", est == api, f"{est} != {api}")

    # sitemap: exactly the HTML pages, absolute URLs
    sm = open(files["sitemap.xml"], encoding="utf-8").read()
    locs = re.findall(r"<loc>([^<]+)</loc>", sm)
    base = json.load(open(os.path.join(FIXTURE, "site.json")))["base_url"]
    expected = sorted(base + "/" + (k[:-len("index.html")] if k.endswith("index.html") else k)
                      for k in html_pages if not k.startswith("embed/") and k != "404.html")
    check("sitemap lists exactly the pages written", sorted(locs) == expected,
          f"{len(locs)} urls vs {len(expected)} pages")
    check("robots.txt points at the sitemap", f"Sitemap: {base}/sitemap.xml" in open(files["robots.txt"]).read())

    # embed cards are small and self-contained
    for m in models[:1]:
        for h in hardware:
            p = files[f"embed/{m}-on-{h}/index.html"]
            size = os.path.getsize(p)
            body = open(p, encoding="utf-8").read()
            check(f"embed card {m} on {h} is under 6 KB ({size} bytes)", size < 6144)
            check(f"embed card {m} on {h} makes no external request",
                  not re.search(r'<(script|img|iframe)[^>]+src="(?!data:)|<link(?![^>]*rel="canonical")[^>]+href="(?!data:)', body))
            check(f"embed card {m} on {h} opens the full page in the parent", 'target="_top"' in body)

    # golden pages (reviewed by reading them; refresh with UPDATE_GOLDEN=1)
    golden_pages = ["llama-3.1-8b/on/rtx-4090/index.html", "embed/llama-3.1-8b-on-rtx-4090/index.html",
                    "api/llama-3.1-8b/rtx-4090.json", "qwen3-30b-a3b/on/radeon-rx-7900-xtx/index.html",
                    f"{models[0]}/on/{hardware[0]}/index.html", f"embed/{models[0]}-on-{hardware[0]}/index.html",
                    f"api/{models[0]}/{hardware[0]}.json", f"{models[0]}/index.html",
                    f"hardware/{hardware[0]}/index.html", "index.html", "sitemap.xml", "robots.txt",
                    "models/index.html", "hardware/index.html", "404.html", "api/index.json"]
    for g in golden_pages:
        gp = os.path.join(GOLDEN, g.replace("/", "__"))
        got = open(files[g], encoding="utf-8").read()
        if os.environ.get("UPDATE_GOLDEN"):
            os.makedirs(GOLDEN, exist_ok=True)
            open(gp, "w", encoding="utf-8").write(got)
        want = open(gp, encoding="utf-8").read() if os.path.exists(gp) else None
        check(f"golden {g}", want == got, "differs from " + os.path.relpath(gp, ROOT) if want else "no golden file")

    # rebuild with nothing changed rewrites nothing and keeps mtimes
    before = {k: os.stat(v).st_mtime_ns for k, v in files_under(site).items()}
    r = run("build", "--data", FIXTURE, "--out", site)
    after = {k: os.stat(v).st_mtime_ns for k, v in files_under(site).items()}
    check("no-op rebuild reports 0 written", "(0 written," in r.stdout, r.stdout + r.stderr)
    check("no-op rebuild keeps every file's mtime", before == after)
    check("no-op rebuild skips rendering (inputs unchanged since the last build)",
          "inputs unchanged since the last build" in r.stdout, r.stdout)
    r = run("build", "--data", FIXTURE, "--out", site, "--force")
    after = {k: os.stat(v).st_mtime_ns for k, v in files_under(site).items()}
    check("--force renders every page, still writes none and keeps mtimes",
          r.returncode == 0 and "(0 written," in r.stdout and "inputs unchanged" not in r.stdout
          and "not re-rendered" not in r.stdout and before == after, r.stdout + r.stderr)
    incremental_checks(site, models, hardware)

    # output is identical for any --jobs and across --shard
    one = os.path.join(OUT, "jobs1")
    r = build(one, FIXTURE, "--jobs", "1")
    check("--jobs 1 output is byte-identical", r.returncode == 0 and same_tree(site, one))
    union = os.path.join(OUT, "union")
    ok = True
    for k in range(3):
        shard = os.path.join(OUT, f"shard{k}")
        r = build(shard, FIXTURE, "--shard", f"{k}/3")
        ok &= r.returncode == 0
        shutil.copytree(shard, union, dirs_exist_ok=True)
    check("union of --shard 0/3, 1/3, 2/3 equals the whole build", ok and same_tree(site, union))

    # bad data: exit 1, the published site is left as it was, nothing staged
    bad = os.path.join(OUT, "bad-data")
    shutil.copytree(FIXTURE, bad)
    mfile = os.path.join(bad, "models", models[0] + ".json")
    text = open(mfile).read().replace('"layers": ', '"paramz": 1, "layers": "x", "x": ')
    open(mfile, "w").write(text)
    snapshot = {k: open(v, "rb").read() for k, v in files_under(site).items()}
    r = build(site, bad)
    check("bad data exits 1", r.returncode == 1, f"exit {r.returncode}")
    check("bad data error names file and field",
          f"models/{models[0]}.json: error: $.paramz: unknown field 'paramz'" in r.stderr, r.stderr)
    check("bad data leaves the published site intact",
          snapshot == {k: open(v, "rb").read() for k, v in files_under(site).items()})
    check("bad data leaves no staging folder", not os.path.exists(os.path.join(OUT, ".site.staging")))

    r = run("check", "--data", bad)
    check("fitgen check reports the same errors", r.returncode == 1 and "unknown field 'paramz'" in r.stderr)
    r = run("check", "--data", FIXTURE)
    check("fitgen check passes on good data", r.returncode == 0, r.stderr)
    r = run("build", "--jobs", "x")
    check("bad usage exits 2", r.returncode == 2)
    page_list_checks(site, models, hardware)
    sitemap_index_checks()
    catalog_checks()
    xss_checks()
    failure_checks()
    r = run("estimate", "tinyllama", hardware[0], "--data", FIXTURE)
    check("unknown slug suggests the closest", r.returncode == 1 and "did you mean 'tinyllama-1.1b'" in r.stderr, r.stderr)


class AttrCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs = []
        self.scripts = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
        if tag == "script":
            self._in = [dict(attrs), ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._in is not None:
            self.scripts.append(self._in)
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in[1] += data


def incremental_checks(site, models, hardware):
    """A rebuild after one model or one hardware file changed rewrites only
    the pages that read it, reuses the rest unrendered, and its output is
    byte-identical to a fresh full build of the same data."""
    data = os.path.join(OUT, "incr-data")
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(FIXTURE, data)
    inc = os.path.join(OUT, "incr-site")
    shutil.rmtree(inc, ignore_errors=True)
    build(inc, data)
    m, h = models[0], hardware[-1]

    def edit(kind, slug, key, fn):
        f = os.path.join(data, kind, slug + ".json")
        e = json.load(open(f))
        e[key] = fn(e[key])
        json.dump(e, open(f, "w"), indent=2)

    def pair_of(rel):
        """(model, hardware) of a pair page's path, or None."""
        parts = rel.split("/")
        if len(parts) == 4 and parts[1] == "on":
            return parts[0], parts[2]
        if parts[0] == "api" and len(parts) == 3:
            return parts[1], parts[2][:-5]
        if parts[0] == "embed" and len(parts) == 3:
            for mm in models:
                if parts[1].startswith(mm + "-on-") and parts[1][len(mm) + 4:] in hardware:
                    return mm, parts[1][len(mm) + 4:]
        return None

    for what, kind, slug, key, fn in (
            ("one model's name", "models", m, "name", lambda v: v + " Edited"),
            ("one hardware entry's memory", "hardware", h, "memory_gb", lambda v: v * 2)):
        inodes = {k: os.stat(v).st_ino for k, v in files_under(inc).items()}
        edit(kind, slug, key, fn)
        r = run("build", "--data", data, "--out", inc)
        fresh = os.path.join(OUT, "incr-fresh")
        shutil.rmtree(fresh, ignore_errors=True)
        build(fresh, data)
        check(f"after changing {what}, the incremental build equals a full build",
              r.returncode == 0 and same_tree(inc, fresh), r.stderr)
        check(f"after changing {what}, the pages that do not read it are reused unrendered",
              "not re-rendered" in r.stdout, r.stdout)
        now = {k: os.stat(v).st_ino for k, v in files_under(inc).items()}
        rewritten = sorted(k for k in now if inodes.get(k) != now[k])
        pairs = [(k, pair_of(k)) for k in rewritten if pair_of(k)]
        if kind == "models":
            foreign = [k for k, (pm, ph) in pairs if pm != m]
        else:
            # a hardware change may reach any fit page (its upgrade list
            # ranks every hardware entry), but embed cards and API files
            # only of its own pairs
            foreign = [k for k, (pm, ph) in pairs if ph != h and not k.endswith("/index.html") or
                       (k.startswith("embed/") and ph != h)]
        check(f"after changing {what}, only the pages that read it are rewritten ({len(rewritten)} of {len(now)})",
              pairs and not foreign, str(foreign[:5]))
    # a page deleted from the published site by hand comes back with --force
    victim = os.path.join(inc, m, "on", h, "index.html")
    os.unlink(victim)
    build(inc, data, "--force")
    check("--force restores a page removed from the published site", os.path.exists(victim))


def xss_checks():
    """Builds a catalog whose strings carry XSS payloads and checks that none
    of them becomes markup anywhere in the output."""
    out = os.path.join(OUT, "xss")
    r = build(out, os.path.join(ROOT, "tests", "fixtures", "xss"))
    check("hostile data builds", r.returncode == 0, r.stderr)
    if r.returncode != 0:
        return
    problems = []
    for rel, path in files_under(out).items():
        raw = open(path, encoding="utf-8").read()
        for bad in ("<script>alert", "<img src=x", "<a href=\"javascript"):
            if bad in raw:
                problems.append(f"{rel}: raw {bad!r}")
        if rel.endswith(".json"):
            try:
                json.loads(raw)
            except ValueError as e:
                problems.append(f"{rel}: {e}")
            continue
        if not rel.endswith(".html"):
            continue
        p = AttrCollector()
        p.feed(raw)
        p.close()
        for tag, k, v in p.attrs:
            if k.startswith("on"):
                problems.append(f"{rel}: <{tag} {k}=...>")
            if k in ("href", "src") and v.strip().lower().startswith("javascript:"):
                problems.append(f"{rel}: <{tag} {k}={v!r}>")
        for attrs, body in p.scripts:
            kind = attrs.get("type", "")
            if "src" in attrs:
                if not re.match(r"^(\./|(\.\./)+)static/[a-z]+\.js\?v=[0-9a-f]+$", attrs["src"]):
                    problems.append(f"{rel}: script src {attrs['src']!r}")
                continue
            if kind not in ("application/ld+json", "application/json"):
                problems.append(f"{rel}: inline script of type {kind!r}")
                continue
            if "<" in body or "\u2028" in body or "\u2029" in body:
                problems.append(f"{rel}: unescaped < or line separator in a JSON script")
            try:
                json.loads(body)
            except ValueError as e:
                problems.append(f"{rel}: JSON script does not parse: {e}")
        if Parser().feed(raw) is None and parse(path).errors:
            problems.append(f"{rel}: {parse(path).errors[0]}")
    check("no XSS payload becomes markup in any output file", not problems, "; ".join(problems[:6]))
    page = open(os.path.join(out, "tinyllama-1.1b", "index.html"), encoding="utf-8").read()
    check("template syntax in data is printed, not evaluated", "{{site.title}}" in page)
    prose = page.split('<div class="prose">')[1].split("</div>")[0]
    check("Markdown raw HTML is omitted and javascript: links are dropped",
          "raw HTML omitted" in prose and "javascript" not in prose.lower(), prose[:300])


def snapshot(d):
    return {k: open(v, "rb").read() for k, v in files_under(d).items()}


def failure_checks():
    """Interrupted and failing builds leave the published folder as it was."""
    import signal
    import time
    # A catalog large enough that a build runs for a while: the fixture with
    # its hardware entries copied under new slugs.
    big = os.path.join(OUT, "big-data")
    shutil.copytree(FIXTURE, big)
    hw_dir = os.path.join(big, "hardware")
    for f in sorted(os.listdir(hw_dir)):
        h = json.load(open(os.path.join(hw_dir, f)))
        for k in range(60):
            h2 = dict(h, slug=f"{h['slug']}-copy{k}")
            json.dump(h2, open(os.path.join(hw_dir, h2["slug"] + ".json"), "w"))
    site = os.path.join(OUT, "kill-site")
    r = build(site, big)
    check("large catalog builds", r.returncode == 0, r.stderr)
    before = snapshot(site)
    # change every page, then interrupt builds at several points
    sj = os.path.join(big, "site.json")
    cfg = json.load(open(sj))
    cfg["title"] = "Fit Atlas changed"
    json.dump(cfg, open(sj, "w"))
    t0 = time.perf_counter()
    r = build(os.path.join(OUT, "kill-timing"), big)
    full = time.perf_counter() - t0
    intact = True
    killed = 0
    why = []
    for frac, sig in ((0.05, signal.SIGKILL), (0.3, signal.SIGTERM), (0.6, signal.SIGINT), (0.9, signal.SIGKILL),
                     (1.5, signal.SIGKILL)):  # the last usually finishes first: must equal "new"
        # same environment as build(): a build that finishes before the
        # signal must produce exactly the "new" site, build date included
        p = subprocess.Popen([FITGEN, "build", "--data", big, "--out", site, "--quiet"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=dict(os.environ, SOURCE_DATE_EPOCH=SDE))
        time.sleep(full * frac)
        if p.poll() is None:
            p.send_signal(sig)
            killed += 1
        p.wait()
        now = snapshot(site)
        after = snapshot(os.path.join(OUT, "kill-timing"))
        if now != before and now != after:
            intact = False
            odd = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k) and now.get(k) != after.get(k))
            why.append(f"kill at {frac:.2f} of {full:.2f}s ({sig.name}): {len(now)} files, "
                       f"{len(odd)} neither old nor new, e.g. {odd[:3]}")
    check(f"interrupted builds ({killed} killed mid-way) leave the site old or new, never mixed", intact,
          "; ".join(why))
    r = build(site, big)
    check("the next build succeeds and cleans up the staging folder",
          r.returncode == 0 and not os.path.exists(os.path.join(OUT, ".kill-site.staging")), r.stderr)

    # a write error names the path and the reason, exits 1, old site intact
    blocker = os.path.join(OUT, "not-a-dir")
    open(blocker, "w").write("x")
    r = build(os.path.join(blocker, "site"), FIXTURE)
    check("a write error exits 1 and names the path and strerror",
          r.returncode == 1 and "not-a-dir" in r.stderr and "Not a directory" in r.stderr, r.stderr)
    # a full disk, on a 1 MB tmpfs where this machine allows mounting one
    mnt = os.path.join(OUT, "tiny")
    os.makedirs(mnt, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt], capture_output=True).returncode == 0:
        try:
            small = os.path.join(mnt, "site")
            os.makedirs(small)
            open(os.path.join(small, "keep.html"), "w").write("old site")
            r = build(small, big)
            check("a full disk exits 1 with 'No space left on device' and keeps the old site",
                  r.returncode == 1 and "No space left on device" in r.stderr
                  and open(os.path.join(small, "keep.html")).read() == "old site"
                  and not os.path.exists(os.path.join(mnt, ".site.staging")), r.stderr[-300:])
        finally:
            subprocess.run(["umount", mnt])
    else:
        print("SKIP full-disk test: cannot mount a tmpfs here (needs root); the write-error path is covered above")


def catalog_checks():
    """The real catalog: valid, large enough, and every entry sourced."""
    r = run("check")
    check("fitgen check passes on data/", r.returncode == 0, r.stderr[-500:])
    models = json.loads(run("list", "models", "--json").stdout or "[]")
    hardware = json.loads(run("list", "hardware", "--json").stdout or "[]")
    check(f"catalog has at least 150 models ({len(models)})", len(models) >= 150)
    check(f"catalog has at least 100 hardware entries ({len(hardware)})", len(hardware) >= 100)
    unsourced = []
    for kind in ("models", "hardware"):
        d = os.path.join(ROOT, "data", kind)
        for f in sorted(os.listdir(d)):
            e = json.load(open(os.path.join(d, f)))
            if not str(e.get("source", "")).startswith(("https://", "http://")):
                unsourced.append(f"{kind}/{f}")
    check("every model and hardware entry has a source URL", not unsourced, ", ".join(unsourced[:5]))
    needed = ["llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3-8b", "llama-3-70b", "llama-3.1-8b",
              "llama-3.1-405b", "mistral-7b-v0.1", "qwen3.5-122b-a10b", "gpt-oss-20b", "gpt-oss-120b",
              "deepseek-r1", "kimi-k2", "mixtral-8x7b", "gemma-3-27b", "phi-4", "tinyllama-1.1b"]
    slugs = {m["slug"] for m in models}
    check("catalog covers the reference models", all(n in slugs for n in needed),
          str([n for n in needed if n not in slugs]))
    ap = [m for m in models if m["params_b"] < 1] and [m for m in models if m["params_b"] >= 1000]
    check("catalog spans under 1B to 1T parameters and more", bool(ap))


def page_list_checks(site, models, hardware):
    """Model pages list every hardware entry and hardware pages every model,
    in the documented order; the sitemap follows the protocol's rules."""
    bad = []
    for m in models:
        page = open(os.path.join(site, m, "index.html"), encoding="utf-8").read()
        table = page.split('id="rank-table"')[1].split("</table>")[0]
        listed = re.findall(r'href="on/([a-z0-9.-]+)/"', table)
        if sorted(listed) != sorted(hardware):
            bad.append(f"{m}: lists {len(listed)} of {len(hardware)} hardware entries")
        ranks = [int(x) for x in re.findall(r"<tr><td>(\d+)</td>", table)]
        if ranks != list(range(1, len(hardware) + 1)):
            bad.append(f"{m}: ranks not 1..N")
        # documented key: fit class first (native, tight, offload, no), then score
        order = {"native": 0, "tight": 1, "offload": 2, "too_heavy": 3}
        fits = [order[f] for f in re.findall(r'<td class="fit-([a-z_]+)">', table)]
        if fits != sorted(fits):
            bad.append(f"{m}: not sorted by fit class")
    check("every model page ranks every hardware entry by fit", not bad, "; ".join(bad[:3]))
    bad = []
    for h in hardware:
        page = open(os.path.join(site, "hardware", h, "index.html"), encoding="utf-8").read()
        body = page.split('id="native-h"')[1]
        listed = set(re.findall(r'href="\.\./\.\./([a-z0-9.-]+)/on/' + re.escape(h) + r'/"', body))
        if listed != set(models):
            bad.append(f"{h}: lists {len(listed)} of {len(models)} models")
    check("every hardware page lists every model", not bad, "; ".join(bad[:3]))
    sm = os.path.join(site, "sitemap.xml")
    text = open(sm, encoding="utf-8").read()
    locs = re.findall(r"<loc>([^<]+)</loc>", text)
    check("sitemap: at most 50,000 URLs and 50 MB, absolute URLs",
          len(locs) <= 50000 and os.path.getsize(sm) <= 50 * 1024 * 1024
          and all(l.startswith("https://") for l in locs))


def sitemap_index_checks():
    """Past sitemap_max_urls the sitemap splits under a sitemap index."""
    data = os.path.join(OUT, "small-sitemap-data")
    shutil.copytree(FIXTURE, data)
    sj = os.path.join(data, "site.json")
    cfg = json.load(open(sj))
    cfg["sitemap_max_urls"] = 10
    json.dump(cfg, open(sj, "w"))
    out = os.path.join(OUT, "small-sitemap")
    r = build(out, data)
    if r.returncode != 0:
        check("sitemap index build", False, r.stderr)
        return
    index = open(os.path.join(out, "sitemap.xml"), encoding="utf-8").read()
    parts = re.findall(r"<sitemap><loc>([^<]+)</loc>", index)
    urls = []
    for p in parts:
        name = p.rsplit("/", 1)[1]
        urls += re.findall(r"<loc>([^<]+)</loc>", open(os.path.join(out, name), encoding="utf-8").read())
    n_models = len(os.listdir(os.path.join(FIXTURE, "models")))
    n_hw = len(os.listdir(os.path.join(FIXTURE, "hardware")))
    expected = 4 + n_models + n_hw + n_models * n_hw
    check(f"sitemap index lists {len(parts)} sitemaps of at most 10 URLs covering all {expected} pages",
          "<sitemapindex" in index and len(urls) == expected and len(set(urls)) == expected
          and len(parts) == (expected + 9) // 10)


def same_tree(a, b):
    fa, fb = files_under(a), files_under(b)
    if sorted(fa) != sorted(fb):
        return False
    return all(open(fa[k], "rb").read() == open(fb[k], "rb").read() for k in fa)


if __name__ == "__main__":
    main()
    print(f"e2e: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
