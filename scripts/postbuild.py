#!/usr/bin/env python3
"""Trunk post-build hook: makes dist/ deployable on common static hosts.

Runs in Trunk's staging directory (TRUNK_STAGING_DIR) after every build and writes:
  <path>/index.html     every page prerendered, with 404.html, sitemap.xml and robots.txt
                        (release builds: the `prerender` binary, see src/prerender.rs;
                        a debug build keeps the shell and copies it to 404.html)
  _headers              caching and security headers (Netlify / Cloudflare Pages)
  _redirects            legacy addresses, clean URLs, real 404s
  _nginx/site.conf      deploy/nginx-site.conf.in filled in for this build (see deploy/)
  *.br, *.gz            precompressed siblings of the wasm, JS, CSS, JSON and HTML files
and, in release builds, minifies the JS and the CSS (esbuild).

The Content-Security-Policy allows no inline script but Trunk's loader, by its SHA-256
hash, computed here from the built index.html.
"""
import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

STAGING = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
PUBLIC_URL = os.environ.get("TRUNK_PUBLIC_URL", "/")
BASE = PUBLIC_URL.rstrip("/")  # "" at the root, "/oim" under a sub-path
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Trunk writes its 64-bit hash in hex without leading zeros: up to 16 digits, sometimes fewer.
HASHED = re.compile(r"-[0-9a-f]{1,16}(_bg)?\.(wasm|js|css|svg)$")
COMPRESSIBLE = (".wasm", ".js", ".css", ".json", ".html", ".xml", ".txt", ".svg")


def inline_script_hashes(html):
    hashes = []
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        if "src=" in attrs:
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append("'sha256-%s'" % base64.b64encode(digest).decode())
    return hashes


def security_headers(html):
    csp = "; ".join([
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(inline_script_hashes(html)),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
    return [
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ]


def site_paths():
    with open(os.path.join(REPO, "public", "navigation.json"), encoding="utf-8") as f:
        model = json.load(f)
    paths, stack = [], [model["root"]]
    while stack:
        node = stack.pop()
        paths.append(node["path"])
        stack.extend(node.get("children", []))
    return sorted(paths), model["redirects"]


def write(name, text):
    with open(os.path.join(STAGING, name), "w", encoding="utf-8") as f:
        f.write(text)


def minify_assets(html):
    """The app's JS (wasm-bindgen's glue) and the CSS, minified by esbuild: 3 kB less
    on a first load (brotli). Trunk's own minifier is not used: it would also rewrite
    index.html (unquoted attributes), which this script and the prerenderer read.
    Each file keeps its name (Trunk's hash of the source, so still one name per
    content); its SRI hash in index.html is recomputed."""
    for link in re.finditer(r'<link [^>]*?href="([^"]+\.(js|css))"[^>]*?integrity="([^"]+)"[^>]*>', html):
        href, kind, integrity = link.groups()
        path = os.path.join(STAGING, href[len(PUBLIC_URL):])
        subprocess.run(["esbuild", path, "--minify", "--log-level=warning", "--outfile=" + path,
                        "--allow-overwrite"] + (["--format=esm"] if kind == "js" else []),
                       check=True)
        with open(path, "rb") as f:
            digest = base64.b64encode(hashlib.sha384(f.read()).digest()).decode()
        html = html.replace(integrity, "sha384-" + digest)
    return html


def drop_wasm_preload(html):
    """Trunk preloads the wasm from <head>. The pages are prerendered: the wasm must not
    compete with the HTML and CSS for the first paint, and Trunk.toml's loader fetches
    it once the page's content has been painted."""
    return re.sub(r'<link rel="preload"[^>]*type="application/wasm"[^>]*>', "", html)


def load_js_after_paint(html):
    """Trunk's `modulepreload` of the JS would put it on the first paint's critical path;
    Trunk.toml's loader imports it after the first paint instead. Its SRI hash moves
    to an import map (placed before any module script, as import maps must be), which
    checks it on that import."""
    link = re.search(r'<link rel="modulepreload" href="([^"]+)"[^>]*?integrity="([^"]+)"[^>]*>', html)
    if not link:
        return html
    html = html.replace(link.group(0), "")
    import_map = json.dumps({"integrity": {link.group(1): link.group(2)}})
    return html.replace('<script type="module">',
                        f'<script type="importmap">{import_map}</script>\n<script type="module">', 1)


def prerender():
    """Every page as static HTML, by the app's components rendered on the host."""
    subprocess.run(["cargo", "run", "--quiet", "--no-default-features", "--features", "ssr",
                    "--bin", "prerender", "--", os.path.abspath(STAGING)],
                   cwd=REPO, check=True)


def main():
    release = os.environ.get("TRUNK_PROFILE", "release") == "release"
    with open(os.path.join(STAGING, "index.html"), encoding="utf-8") as f:
        html = drop_wasm_preload(f.read())
    if release:
        html = minify_assets(html)
    html = load_js_after_paint(html)
    write("index.html", html)
    # Every page shares the head of index.html, so one loader hash serves them all.
    headers = security_headers(html)
    if release:
        prerender()
    else:
        shutil.copyfile(os.path.join(STAGING, "index.html"), os.path.join(STAGING, "404.html"))
    paths, redirects = site_paths()

    hashed = sorted(n for n in os.listdir(STAGING) if HASHED.search(n))
    lines = ["# Written by scripts/postbuild.py at build time.", BASE + "/*"]
    lines += ["  %s: %s" % h for h in headers]
    for name in hashed:
        lines += [f"{BASE}/{name}", f"  Cache-Control: {IMMUTABLE}"]
    for path in ["/index.html", "/404.html", "/content/*", "/sitemap.xml", "/robots.txt"] + paths:
        lines += [(BASE + path) if path != "/" else BASE + "/", f"  Cache-Control: {REVALIDATE}"]
    write("_headers", "\n".join(lines) + "\n")

    rules = ["# Written by scripts/postbuild.py at build time. First match wins."]
    rules += [f"{BASE}{r['from']}  {BASE}{r['to'] if r['to'] != '/' else '/'}  301" for r in redirects]
    # Clean URLs: /agir is served from agir/index.html without a trailing-slash redirect.
    rules += [f"{BASE}{p}  {BASE}{p}/index.html  200" for p in paths if p != "/"]
    rules += [f"{BASE}/_nginx/*  {BASE}/404.html  404",
              f"{BASE}/*  {BASE}/404.html  404"]
    write("_redirects", "\n".join(rules) + "\n")

    with open(os.path.join(REPO, "deploy", "nginx-site.conf.in"), encoding="utf-8") as f:
        # The template's opening comment speaks of the template; the result gets its own.
        template = f.read().split("\n\n", 1)[1]
        template = ("# Generated by scripts/postbuild.py from deploy/nginx-site.conf.in for this\n"
                    "# build (base path and CSP hash); do not edit.\n\n" + template)
    security = "\n    ".join('add_header %s "%s" always;' % h for h in headers)
    legacy = "\n".join(
        f"location = {BASE}{r['from']} {{ return 301 {BASE}{r['to'] if r['to'] != '/' else '/'}; }}"
        for r in redirects
    )
    site = (template.replace("@SECURITY_HEADERS@", security)
            .replace("@REDIRECTS@", "# Addresses of the former site.\n" + legacy)
            .replace("@BASE@", BASE))
    os.makedirs(os.path.join(STAGING, "_nginx"), exist_ok=True)
    write(os.path.join("_nginx", "site.conf"), site)

    brotli = shutil.which("brotli")
    for root, _, files in os.walk(STAGING):
        if os.path.basename(root) == "_nginx":
            continue
        for name in files:
            if not name.endswith(COMPRESSIBLE):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            with open(path + ".gz", "wb") as f:
                f.write(gzip.compress(data, 9, mtime=0))
            if brotli:
                subprocess.run([brotli, "-q", "11", "-f", "-k", path], check=True)
    if not brotli:
        print("postbuild: no brotli command, .br files not written", file=sys.stderr)


if __name__ == "__main__":
    main()
