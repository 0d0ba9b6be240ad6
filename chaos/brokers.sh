# Sourced by chaos/run.sh: a local KRaft cluster of BROKERS combined nodes (test-support LocalBrokerConfig and
# LocalBroker), node i listening on BROKER_PORT + 2(i-1) (controller: the port after), data and log in
# $RUN/kafka/node-<i>. Needs ROOT, RUN, BROKERS, BROKER_PORT, BROKER_HEAP, and BROKER_PID (an associative array, declared by the caller, whose trap stops them).


BROKER_CP="$(cat "$ROOT/test-support/target/broker.classpath"):$ROOT/test-support/target/classes"
BROKER_JAVA=(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$BROKER_CP")

broker_port() { echo $((BROKER_PORT + 2 * ($1 - 1))); }

brokers_setup() { # writes the configs and formats every node's storage; sets BOOTSTRAP
  mkdir -p "$RUN/kafka"
  BOOTSTRAP="$("${BROKER_JAVA[@]}" com.example.crm.sms.testsupport.LocalBrokerConfig "$RUN/kafka" "$BROKERS" "$BROKER_PORT" \
    2>"$RUN/kafka/format.log" | tail -n1)" || { cat "$RUN/kafka/format.log"; return 1; }
}

broker_start() { # node
  local i=$1
  "${BROKER_JAVA[@]}" -Xms"$BROKER_HEAP" -Xmx"$BROKER_HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dbroker.log.file="$RUN/kafka/node-$i/broker.log" \
    com.example.crm.sms.testsupport.LocalBroker "$RUN/kafka/node-$i/server.properties" \
    >>"$RUN/kafka/node-$i/stdout.log" 2>&1 &
  BROKER_PID[$i]=$!
}

broker_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$(broker_port "$1")") 2>/dev/null; }

broker_wait() { # node timeout-seconds: until its client port accepts connections
  local end=$((SECONDS + $2))
  until broker_listening "$1"; do
    kill -0 "${BROKER_PID[$1]}" 2>/dev/null || return 1
    [ $SECONDS -lt $end ] || return 1
    sleep 0.1
  done
}
