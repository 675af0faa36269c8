#!/usr/bin/env bash
# HTTP benchmark: PHIGuard's /healthz and an authenticated JSON endpoint beside nginx serving the same JSON
# body, all with wrk on loopback in the same run. Prints requests/s, p99 and the ratio to nginx.
# Then the ledger figures (bench/README.md): phiguard-bench in-process (append on SQLite and PostgreSQL, proofs at
# 10M entries, verification), and durable appends over HTTP beside the in-process figure of the same run.
# BENCH_LEDGER=0 skips phiguard-bench; BENCH_LEDGER_ARGS passes options to it (for example "--entries 2000000").
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT

# The policy workload (HIPAA pack + generated policies over a generated directory) serves both the in-process
# decision figures and the /api/v1/authorize/batch figure below.
policy_workload=$work/policy
python3 bench/policy_workload.py --out "$policy_workload" --binary .build/release/phiguard \
    --entities "${BENCH_POLICY_ENTITIES:-100000}" --policies "${BENCH_POLICY_COUNT:-1000}" >&2

# The in-process figures first, while nothing else runs; the HTTP sections below set theirs beside them.
ledger_results=$work/ledger-results.txt
if [ "${BENCH_LEDGER:-1}" != 0 ]; then
    [ -x .build/release/phiguard-bench ] || swift build -c release --product phiguard-bench
    # shellcheck disable=SC2086 # options are meant to split
    timeout 900 .build/release/phiguard-bench --results "$ledger_results" --policy-workload "$policy_workload" \
        ${BENCH_LEDGER_ARGS:-}
    echo
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
binary=.build/release/phiguard
port=$(free_port)
nginx_port=$(free_port)

"$binary" init --data "$work/data" --log-level warning >/dev/null
token=$("$binary" token create --data "$work/data" --name bench --scope status:read --log-level warning 2>/dev/null)
# Before serving: the CLI appends to the ledger too, and a second process appending under a running server
# desynchronizes the server's in-memory tree frontier (its next insert collides and it answers 503).
audit_token=$("$binary" token create --data "$work/data" --name bench-audit --scope audit:write \
    --log-level warning 2>/dev/null)
decision_token=$("$binary" token create --data "$work/data" --name bench-decisions --scope authorize \
    --scope policy:manage --log-level warning 2>/dev/null)
"$binary" serve --data "$work/data" --port "$port" --log-level warning >"$work/serve.log" 2>&1 &
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# nginx serves the very body the authenticated endpoint answers, from a file, with the same worker count.
chmod 755 "$work"
mkdir -p "$work/www"
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/status" >"$work/www/status.json"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    server { listen 127.0.0.1:$nginx_port; root $work/www; location / { add_header Cache-Control no-store; } }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf"
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$nginx_port/status.json" >/dev/null && break; sleep 0.1; done

measure() { # name, url, [header]
    local name=$1 url=$2
    shift 2
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")
    local rps p99 non2xx
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    [ -z "$non2xx" ] || { echo "$name: $non2xx non-2xx answers" >&2; exit 1; }
    printf '%s %s %s\n' "$name" "$rps" "$p99"
}

# Prints a batched POST figure: items/s = requests/s x batch, its p99, the goal of 20,000 items/s, and the
# ratio to the in-process figure of the same run (read from phiguard-bench's results by key).
# Arguments: title, unit, measure's output line, batch size, results key, label, peer label.
report_batches() {
    local title=$1 unit=$2 measured=$3 size=$4 key=$5 label=$6 peer_label=$7
    local rps p99 rate peer verdict ratio=n/a
    read -r _ rps p99 <<<"$measured"
    rate=$(echo "$rps * $size" | bc -l)
    peer=$(awk -v key="$key" '$1 == key {print $2}' "$ledger_results" 2>/dev/null || true)
    echo
    printf '%-54s %20s %10s  %s\n' "$title" "$unit/s" "x peer" "(p99 $p99, all answers 2xx)"
    verdict=$(echo "$rate >= 20000" | bc -l)
    [ "$verdict" = 1 ] && verdict="goal >= 20,000 met" || verdict="below goal (>= 20,000)"
    if [ -n "$peer" ]; then
        ratio=$(printf 'x%.3f' "$(echo "$rate / $peer" | bc -l)")
        peer=$(printf '%.0f' "$peer")
    fi
    printf '%-54s %20.0f %10s  %s\n' "$label" "$rate" "$ratio" "$verdict"
    printf '%-54s %20s\n' "    peer: $peer_label" "${peer:-not run}"
}

# The median round of one measurement: name, then the lines `measure` printed for every round.
median_round() { awk -v name="$1" '$1 == name' <<<"$2" | sort -k2,2 -g | awk -v r="$rounds" 'NR == int((r + 1) / 2)'; }

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores"
# Loopback figures on a shared 2-core machine drift by 10 % and more between consecutive runs, so the three
# endpoints are measured in ROUNDS interleaved rounds (nginx, healthz, status, nginx, ...) and each prints its
# median round.
rounds=${BENCH_ROUNDS:-3}
all_rounds=$(
    for _ in $(seq 1 "$rounds"); do
        measure nginx "http://127.0.0.1:$nginx_port/status.json"
        measure healthz "http://127.0.0.1:$port/healthz"
        measure status "http://127.0.0.1:$port/api/v1/status" -H "Authorization: Bearer $token"
    done
)
results=$(for name in nginx healthz status; do median_round "$name" "$all_rounds"; done)
nginx_rps=$(awk '$1 == "nginx" {print $2}' <<<"$results")
echo "each endpoint: the median of $rounds interleaved rounds; every round, requests/s:"
for name in nginx healthz status; do
    printf '  %-8s %s\n' "$name" "$(awk -v name="$name" '$1 == name {printf "%.0f ", $2}' <<<"$all_rounds")"
done
printf '%-44s %14s %10s %12s\n' "endpoint" "requests/s" "p99" "x nginx"
while read -r name rps p99; do
    case $name in
        nginx) label="nginx 1.22 static JSON (peer)" ;;
        healthz) label="phiguard GET /healthz" ;;
        status) label="phiguard GET /api/v1/status (bearer token)" ;;
    esac
    printf '%-44s %14.0f %10s %12.2f\n' "$label" "$rps" "$p99" "$(echo "$rps / $nginx_rps" | bc -l)"
done <<<"$results"

# Durable appends over HTTP: 64 clients POST batches of 100 events with an audit:write token; every answer must
# be 201. events/s = requests/s x 100, beside the in-process ledger with the same batch size (same run).
batch=${BENCH_BATCH:-100}
python3 bench/events.py "$batch" >"$work/events.json"
code=$(curl -s -o "$work/first-answer.json" -w '%{http_code}' -H "Authorization: Bearer $audit_token" \
    -H 'Content-Type: application/json' --data-binary "@$work/events.json" "http://127.0.0.1:$port/api/v1/audit/events")
if [ "$code" != 201 ]; then
    echo "POST /api/v1/audit/events answered $code, not 201: $(cat "$work/first-answer.json")" >&2
    exit 1
fi

# Decisions over HTTP: the workload's policies activated and its directory loaded through the API, then 64
# clients POST batches of 100 requests to /api/v1/authorize/batch. Each decision reads its entities from the
# directory, is recorded in the ledger (durably, before the answer) and kept for dry runs.
# decisions/s = requests/s x batch, beside the in-process engine figure of the same run.
decision_batch=$(.venv/bin/python bench/policy_http_setup.py --base "http://127.0.0.1:$port" --token "$decision_token" \
    --workload "$policy_workload" --batch "${BENCH_DECISION_BATCH:-100}" --body "$work/decisions.json")

# Both batched POSTs in ROUNDS interleaved rounds (events, decisions, events, ...), like the endpoints above:
# each prints its median round, and every round is printed.
post_rounds=$(
    for _ in $(seq 1 "$rounds"); do
        PHIGUARD_TOKEN=$audit_token PHIGUARD_BODY=$work/events.json \
            measure post "http://127.0.0.1:$port/api/v1/audit/events" -s bench/post.lua
        PHIGUARD_TOKEN=$decision_token PHIGUARD_BODY=$work/decisions.json PHIGUARD_PATH=/api/v1/authorize/batch \
            measure decide "http://127.0.0.1:$port/api/v1/authorize/batch" -s bench/post.lua
    done
)
echo
echo "batched POSTs: the median of $rounds interleaved rounds; every round, items/s:"
printf '  %-8s %s\n' events "$(awk -v b="$batch" '$1 == "post" {printf "%.0f ", $2 * b}' <<<"$post_rounds")"
printf '  %-8s %s\n' decisions "$(awk -v b="$decision_batch" '$1 == "decide" {printf "%.0f ", $2 * b}' <<<"$post_rounds")"
report_batches "ledger over HTTP" events "$(median_round post "$post_rounds")" "$batch" append_sqlite_100 \
    "POST /api/v1/audit/events, $CONNECTIONS clients x $batch" "in-process AuditLedger.record, SQLite, x $batch"
report_batches "decisions over HTTP" decisions "$(median_round decide "$post_rounds")" "$decision_batch" policy_decisions_per_s \
    "POST /api/v1/authorize/batch, $CONNECTIONS clients x $decision_batch" "in-process Authorizer, one core"
