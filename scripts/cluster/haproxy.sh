#!/usr/bin/env bash
# HAProxy in front of the webhook instances, as a load balancer sits in production: Stripe posts to one address, HAProxy
# sends each request to an instance whose /health answers, and takes one out while it does not.

CLUSTER_WEBHOOK_PORT="${CLUSTER_WEBHOOK_PORT:-6080}" # what Stripe (the sandbox) posts to
CLUSTER_HAPROXY_STATS_PORT="${CLUSTER_HAPROXY_STATS_PORT:-6090}"

write_haproxy_config() { # WEBHOOK_PORT...: the instances' ports
  local port i=0
  {
    cat <<CONF
global
    maxconn 4096
    stats socket $CLUSTER_STATE/haproxy.sock mode 600 level admin
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    option redispatch
    retries 2
frontend stripe_webhooks
    bind 127.0.0.1:$CLUSTER_WEBHOOK_PORT
    default_backend webhook
frontend stats
    bind 127.0.0.1:$CLUSTER_HAPROXY_STATS_PORT
    stats enable
    stats uri /
backend webhook
    balance roundrobin
    option httpchk GET /health
    http-check expect status 200
CONF
    for port in "$@"; do i=$((i + 1)); echo "    server webhook-$i 127.0.0.1:$port check inter 1s fall 2 rise 2"; done
  } >"$CLUSTER_STATE/haproxy.cfg"
}

start_haproxy() { # WEBHOOK_PORT...
  command -v haproxy >/dev/null 2>&1 || apt_install haproxy || return 1
  write_haproxy_config "$@"
  haproxy -c -q -f "$CLUSTER_STATE/haproxy.cfg" || { log "the HAProxy configuration does not check"; return 1; }
  stop_pidfile haproxy
  haproxy -D -f "$CLUSTER_STATE/haproxy.cfg" -p "$PIDS/haproxy.pid" || return 1
  wait_for HAProxy 30 port_open "$CLUSTER_WEBHOOK_PORT"
  log "HAProxy: Stripe webhooks on 127.0.0.1:$CLUSTER_WEBHOOK_PORT to $# webhook instances (stats http://127.0.0.1:$CLUSTER_HAPROXY_STATS_PORT/)"
}

# haproxy_server STATE N: takes webhook instance N out of the balancer (maint) or puts it back (ready), as an operator would.
haproxy_server() { command -v socat >/dev/null 2>&1 || apt_install socat; echo "set server webhook/webhook-$2 state $1" | socat stdio "unix-connect:$CLUSTER_STATE/haproxy.sock"; }

stop_haproxy() { stop_pidfile haproxy; }
