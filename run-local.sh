#!/usr/bin/env bash
# Starts the whole SMS platform on this machine: Keycloak (sign-in), a Kafka broker (KRaft), the three services
# against the local PostgreSQL, the simulated carrier (no Twilio account needed). Ctrl-C stops everything it started.
#
#   ./run-local.sh            build what is missing, then run
#   ./run-local.sh --rebuild  build everything first
#
# KAFKA_DIR (default .local/kafka) is where the broker keeps its data; bench/stack.sh points it at a fresh
# directory of its own. START_TIMEOUT (default 120 s) is how long Kafka, Keycloak and the services may take to get ready.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"
LOCAL="$ROOT/.local"
LOGS="$LOCAL/logs"
KAFKA_DIR="${KAFKA_DIR:-$LOCAL/kafka}"
START_TIMEOUT="${START_TIMEOUT:-120}"
mkdir -p "$LOGS" "$KAFKA_DIR"

export SMS_DB_HOST="${SMS_DB_HOST:-127.0.0.1}"
export SMS_DB_PORT="${SMS_DB_PORT:-5432}"
export SMS_DB_NAME="${SMS_DB_NAME:-postgres}"
export SMS_DB_USER="${SMS_DB_USER:-postgres}"
export SMS_PHONE_DEFAULT_REGION="${SMS_PHONE_DEFAULT_REGION:-US}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:${KAFKA_PORT}"
export SMS_INGEST_PUBLIC_URL="${SMS_INGEST_PUBLIC_URL:-http://localhost:8083}"
export SMS_CONSOLE_ORIGIN="${SMS_CONSOLE_ORIGIN:-http://localhost:8081}"
# The gateway's media proxy fetches over https from Twilio's media hosts only; locally the simulated carrier's
# sample picture (deploy/local/send-inbound-sms.sh MEDIA_URL=http://localhost:8082/simulated-carrier/media/sample.png)
# is served by the gateway itself, over plain http: allowed for its own address only.
export SMS_GATEWAY_MEDIA_HTTP_HOSTS="${SMS_GATEWAY_MEDIA_HTTP_HOSTS:-localhost:8082,127.0.0.1:8082}"
# The services listen on this machine only unless BIND_ADDRESS opens them up (0.0.0.0: every interface, e.g. so
# that a tunnel or a phone on the same network can reach them). A laptop on a cafe network serves nothing.
BIND_ADDRESS="${BIND_ADDRESS:-127.0.0.1}"
export QUARKUS_HTTP_HOST="$BIND_ADDRESS" QUARKUS_MANAGEMENT_HOST="$BIND_ADDRESS"
case "$BIND_ADDRESS" in 0.0.0.0 | "::") HOST=127.0.0.1 ;; *) HOST="$BIND_ADDRESS" ;; esac
# The simulated carrier signs its callbacks with this token and the ingest service checks them. Unless the caller
# brings their own, a random one is made once and kept, readable by this user only, where the text-yourself
# helper (deploy/local/send-inbound-sms.sh) finds it; it is never printed.
TOKEN_FILE="$LOCAL/twilio-auth-token"
if [ -z "${SMS_TWILIO_AUTH_TOKEN:-}" ]; then
  [ -s "$TOKEN_FILE" ] || (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$TOKEN_FILE")
  SMS_TWILIO_AUTH_TOKEN="$(cat "$TOKEN_FILE")"
fi
export SMS_TWILIO_AUTH_TOKEN

# Keycloak from Maven Central (org.keycloak:keycloak-quarkus-dist), unpacked and built once under .local/, its data
# (H2 file) kept there too. The realm comes from deploy/keycloak/sms-realm.json; the demo users' passwords and the
# crm-backend client's secret are made at the first start and kept in .local/keycloak-secrets.env (this user only).
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
KC_HOME="$LOCAL/keycloak-$KEYCLOAK_VERSION"
KC_SECRETS="$LOCAL/keycloak-secrets.env"
export SMS_OIDC_ISSUER="${SMS_OIDC_ISSUER:-http://localhost:$KEYCLOAK_PORT/realms/sms}"

# name:API port:management port. Health, metrics and the API documents are on each service's management interface
# (QUARKUS_MANAGEMENT_PORT; 9000 inside a container), which no edge publishes; the API ports serve none of them.
SERVICES=(contacts-service:8081:9081 sms-gateway-service:8082:9082 webhook-ingest-service:8083:9083)
PIDS=()
FIRST_SERVICE=0

say() { printf '%s\n' "$*"; }
die() { printf 'run-local: %s\n' "$*" >&2; exit 1; }

stop_pid() {
  # Keycloak's kc.sh runs its JVM as a child: stop the child too.
  pkill -TERM -P "$1" 2>/dev/null || true
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  pkill -KILL -P "$1" 2>/dev/null || true
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

stop_all() {
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    say "Stopping (${#PIDS[@]} processes)..."
    # The services first, all at once; Kafka and Keycloak (started first) only once they are gone, so their
    # consumers leave their groups and the next start is not held up by stale members.
    for ((i = ${#PIDS[@]} - 1; i >= FIRST_SERVICE; i--)); do kill -TERM "${PIDS[$i]}" 2>/dev/null || true; done
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
  fi
  say "Stopped."
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# 1. Tools.
command -v java >/dev/null || die "Java 17 is not installed: install a JDK 17 (e.g. apt-get install openjdk-17-jdk-headless)."
command -v mvn >/dev/null || die "Maven is not installed: install Maven 3.8+ (e.g. apt-get install maven)."

# 2. Build what is missing.
need_build=false
[ "${1:-}" = "--rebuild" ] && need_build=true
[ -f test-support/target/broker.classpath ] || need_build=true
[ -f test-support/target/classes/com/example/crm/sms/testsupport/LocalBroker.class ] || need_build=true
for s in "${SERVICES[@]}"; do [ -f "${s%%:*}/target/quarkus-app/quarkus-run.jar" ] || need_build=true; done
if $need_build; then
  say "Building (mvn -B -q install -DskipTests); the first build downloads dependencies and takes a few minutes..."
  mvn -B -q install -DskipTests >"$LOGS/build.log" 2>&1 || die "the build failed: see $LOGS/build.log"
fi

# 3. PostgreSQL: start the local cluster if it is installed but stopped.
if ! pg_isready -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -q 2>/dev/null; then
  if [ "$SMS_DB_HOST" = "127.0.0.1" ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "PostgreSQL is stopped: starting it with pg_ctlcluster..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do pg_isready -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -q && break; sleep 1; done
  fi
  pg_isready -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -q 2>/dev/null ||
    die "PostgreSQL is not reachable at $SMS_DB_HOST:$SMS_DB_PORT: start it (pg_ctlcluster <version> main start) or set SMS_DB_HOST/SMS_DB_PORT."
fi
# Each service's Flyway creates its own schema; check that we may connect to the database they use.
psql -h "$SMS_DB_HOST" -p "$SMS_DB_PORT" -U "$SMS_DB_USER" -d "$SMS_DB_NAME" -qtAc 'select 1' >/dev/null 2>&1 ||
  die "PostgreSQL refused user '$SMS_DB_USER' on database '$SMS_DB_NAME': set SMS_DB_USER/SMS_DB_NAME (and SMS_DB_PASSWORD) to an account that may create schemas."

# 4. Ports.
for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KEYCLOAK_PORT" "$KEYCLOAK_MANAGEMENT_PORT" 8081 8082 8083 9081 9082 9083; do
  port_in_use "$p" && die "port $p is already in use: stop whatever listens there (ss -ltnp 'sport = :$p') and run again."
done

# 5. Keycloak: fetched and built once (about a minute), then started in the background while the rest starts.
if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  say "Fetching Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist from Maven Central)..."
  mvn -B -q -N dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$LOCAL/downloads" >"$LOGS/keycloak-fetch.log" 2>&1 ||
    die "could not fetch Keycloak: see $LOGS/keycloak-fetch.log"
  if command -v unzip >/dev/null; then
    unzip -q -o "$LOCAL/downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$LOCAL"
  else
    (cd "$LOCAL" && jar xf "downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" && chmod +x "$KC_HOME"/bin/*.sh)
  fi || die "could not unpack Keycloak into $LOCAL"
  rm -f "$LOCAL/downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
fi
if [ ! -f "$KC_HOME/.built" ]; then
  say "Building Keycloak once (H2 file database, health checks)..."
  "$KC_HOME/bin/kc.sh" build --db=dev-file --health-enabled=true >"$LOGS/keycloak-build.log" 2>&1 ||
    die "could not build Keycloak: see $LOGS/keycloak-build.log"
  touch "$KC_HOME/.built"
fi
if [ ! -s "$KC_SECRETS" ]; then
  secret() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
  (
    umask 077
    {
      echo "SMS_DEMO_VIEWER_PASSWORD=$(secret)"
      echo "SMS_DEMO_AGENT_PASSWORD=$(secret)"
      echo "SMS_DEMO_ADMIN_PASSWORD=$(secret)"
      echo "SMS_CRM_BACKEND_SECRET=$(secret)"
      echo "KC_BOOTSTRAP_ADMIN_PASSWORD=$(secret)"
    } >"$KC_SECRETS"
  )
fi
mkdir -p "$KC_HOME/data/import"
cp deploy/keycloak/sms-realm.json "$KC_HOME/data/import/sms-realm.json"
say "Starting Keycloak on http://localhost:$KEYCLOAK_PORT (data in .local/keycloak-$KEYCLOAK_VERSION/data)..."
(
  set -a
  # shellcheck disable=SC1090
  . "$KC_SECRETS"
  set +a
  export KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin SMS_CONSOLE_ORIGIN="$SMS_CONSOLE_ORIGIN"
  exec "$KC_HOME/bin/kc.sh" start --optimized --import-realm --http-enabled=true \
    --http-host="$BIND_ADDRESS" --http-port="$KEYCLOAK_PORT" --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
    --hostname="http://localhost:$KEYCLOAK_PORT"
) >"$LOGS/keycloak.log" 2>&1 &
PIDS+=($!)
KC_STARTED=$SECONDS

# 6. Kafka (KRaft, one combined node) from the same Maven Central jars the tests use; data in .local/kafka (or
# KAFKA_DIR).
# The broker runs as test-support's LocalBroker: kafka.Kafka with the quiet logging of the benchmarks' broker
# (WARN and above to kafka.log). Left to itself, JBoss LogManager, the log backend on this classpath, has every
# level on and no handler, and Kafka spent about a fifth of its CPU formatting a debug request log nobody saw.
KAFKA_JAVA=(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager)
KAFKA_CP="$(cat test-support/target/broker.classpath):$ROOT/test-support/target/test-support-1.0.0-SNAPSHOT.jar"
cat >"$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${KAFKA_DIR}/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
PROPS
if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
  cluster_id="$("${KAFKA_JAVA[@]}" -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  "${KAFKA_JAVA[@]}" -cp "$KAFKA_CP" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
    >"$LOGS/kafka-format.log" 2>&1 || die "could not format Kafka's storage: see $LOGS/kafka-format.log"
fi
say "Starting Kafka on 127.0.0.1:$KAFKA_PORT (data in ${KAFKA_DIR#"$ROOT/"})..."
"${KAFKA_JAVA[@]}" -Xms256m -Xmx512m -cp "$KAFKA_CP" com.example.crm.sms.testsupport.LocalBroker "$KAFKA_DIR/server.properties" \
  >"$LOGS/kafka.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 $((2 * START_TIMEOUT))); do
  port_in_use "$KAFKA_PORT" && break
  kill -0 "${PIDS[-1]}" 2>/dev/null || break
  sleep 0.5
done
port_in_use "$KAFKA_PORT" || die "Kafka did not start: see $LOGS/kafka.log"
"${KAFKA_JAVA[@]}" -cp "$KAFKA_CP" com.example.crm.sms.testsupport.LocalKafkaTopics "$KAFKA_BOOTSTRAP_SERVERS" 3 \
  >"$LOGS/kafka-topics.log" 2>&1 || die "could not create the topics: see $LOGS/kafka-topics.log"

# 7. The three services (prod profile, the packaged fast-jars).
FIRST_SERVICE=${#PIDS[@]}
start_service() {
  local name="$1" schema="$2" management_port="$3"
  SMS_DB_SCHEMA="$schema" QUARKUS_MANAGEMENT_PORT="$management_port" \
    java -Xmx384m -jar "$name/target/quarkus-app/quarkus-run.jar" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
}
say "Starting the services (logs in .local/logs)..."
start_service contacts-service contacts 9081
start_service sms-gateway-service gateway 9082
start_service webhook-ingest-service ingest 9083

deadline=$((SECONDS + START_TIMEOUT))
until curl -fsS "http://$HOST:$KEYCLOAK_MANAGEMENT_PORT/health/ready" >/dev/null 2>&1; do
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "a process exited during start-up: see $LOGS/"; done
  [ $SECONDS -lt $deadline ] || die "Keycloak is not ready after $START_TIMEOUT s: see $LOGS/keycloak.log"
  sleep 1
done
say "Keycloak was ready $((SECONDS - KC_STARTED)) s after its start."
for s in "${SERVICES[@]}"; do
  name="${s%%:*}" management_port="${s##*:}"
  until curl -fsS "http://$HOST:$management_port/q/health/ready" >/dev/null 2>&1; do
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "a process exited during start-up: see $LOGS/"; done
    [ $SECONDS -lt $deadline ] || die "$name is not ready after $START_TIMEOUT s: see $LOGS/$name.log"
    sleep 1
  done
done

# shellcheck disable=SC1090
demo() { (. "$KC_SECRETS" && eval "printf '%s' \"\$$1\""); }
cat <<INFO

The SMS platform is running. Open the console: it sends you to Keycloak's login page; sign in as one of these.

  Console            http://localhost:8081/
  Sign-ins (demo)    viewer / $(demo SMS_DEMO_VIEWER_PASSWORD)   (sms-viewer: reads)
                     agent  / $(demo SMS_DEMO_AGENT_PASSWORD)   (sms-agent: also sends texts, edits contacts)
                     admin  / $(demo SMS_DEMO_ADMIN_PASSWORD)   (sms-admin: also deletes contacts, lifts opt-outs)
  Machine client     crm-backend / $(demo SMS_CRM_BACKEND_SECRET)   (client credentials, sms-agent)
  Keycloak           http://localhost:$KEYCLOAK_PORT/admin  (kcadmin / $(demo KC_BOOTSTRAP_ADMIN_PASSWORD))
  (all kept in .local/keycloak-secrets.env)
  Contacts API       http://localhost:8081/api/contacts      docs: http://localhost:9081/q/swagger-ui
  Gateway API        http://localhost:8082/api/messages      docs: http://localhost:9082/q/swagger-ui
  Ingest (Twilio)    http://localhost:8083/twilio/messages  and  /twilio/status   docs: http://localhost:9083/q/swagger-ui
  Health, metrics    http://localhost:908{1,2,3}/q/health/ready  and  /q/metrics  (management ports)
  Kafka              127.0.0.1:$KAFKA_PORT
  Logs               .local/logs/

Text the platform as a contact would (signed like Twilio, with the token in .local/twilio-auth-token):
  deploy/local/send-inbound-sms.sh +12394267058 +15005550006 "Hello"

Press Ctrl-C to stop everything.
INFO
wait -n "${PIDS[@]}" || true
say "A process exited unexpectedly: see $LOGS/"
