#!/usr/bin/env bash
# Serves a built site with nginx in the foreground, with the repository's site config
# (deploy/nginx-site.conf), on 127.0.0.1:PORT. The end-to-end tests start it too.
#   scripts/serve-dist.sh [PORT] [DIST]     (defaults: 8081, dist)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-8081}
dist=$(realpath "${2:-$repo/dist}")
[[ -f $dist/index.html ]] || { echo "$dist has no index.html: run trunk build --release" >&2; exit 1; }
run="$repo/target/nginx-$port"
mkdir -p "$run"
cat >"$run/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $run/nginx.pid;
error_log $run/error.log warn;
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
    root $dist;
    include $repo/deploy/nginx-site.conf;
  }
}
CONF
echo "serving $dist on http://127.0.0.1:$port/" >&2
exec nginx -p "$run" -e "$run/error.log" -c "$run/nginx.conf"
