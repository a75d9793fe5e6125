#!/usr/bin/env bash
# Serves a built site with nginx in the foreground, with the site config the build
# wrote beside it (dist.nginx.conf, from deploy/nginx-site.conf.in), on 127.0.0.1:PORT.
# The end-to-end tests start it too. A site built for a sub-path (/oim/) is served
# under that sub-path, as a host would.
#   scripts/serve-dist.sh [PORT] [DIST]     (defaults: 8081, dist)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-8081}
dist=$(realpath "${2:-$repo/dist}")
conf=$dist.nginx.conf
[[ -f $conf ]] || { echo "$dist has no $conf beside it: run scripts/build.sh" >&2; exit 1; }
# The sub-path the site was built for, as Trunk wrote it into <base href>.
base=$(grep -o '<base href="[^"]*"' "$dist/index.html" | sed 's/.*href="//; s/"$//; s:/$::')
# deploy/nginx-site.conf.in serves .br files: Debian's libnginx-mod-http-brotli-static.
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
[[ -f $brotli_module ]] || { echo "missing $brotli_module (scripts/setup.sh installs it)" >&2; exit 1; }
run="$repo/target/nginx-$port"
rm -rf "$run"
mkdir -p "$run/root$(dirname "${base:-/x}")"
# The document root: dist itself, or a folder holding it at the sub-path.
if [[ -z $base ]]; then root=$dist; else ln -s "$dist" "$run/root$base"; root=$run/root; fi
cat >"$run/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $run/nginx.pid;
error_log $run/error.log warn;
load_module $brotli_module;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $run/body;
  proxy_temp_path $run/proxy;
  fastcgi_temp_path $run/fastcgi;
  uwsgi_temp_path $run/uwsgi;
  scgi_temp_path $run/scgi;
  server {
    listen 127.0.0.1:$port;
    root $root;
    include $conf;
  }
}
CONF
echo "serving $dist on http://127.0.0.1:$port$base/" >&2
exec nginx -p "$run" -e "$run/error.log" -c "$run/nginx.conf"
