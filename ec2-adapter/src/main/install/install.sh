#!/usr/bin/env bash
# Installs the twinrun EC2 runner on Amazon Linux 2023 (run as root by the CDK user data):
# Java, the runner jar, the service user, the systemd service + timer (or a crontab, or the per-run boot
# unit), and the CloudWatch agent shipping /var/log/twinrun/runner.log (JSON logs and EMF metrics).
#
#   bash install.sh [--root DIR] [--scheduler systemd|cron|boot] [--log-group NAME]
#                   [--max-runtime-minutes N] [--jit c1|c2] /path/to/twinrun-ec2.jar
#
# --scheduler boot is EC2 started per run: twinrun-run-once.service runs run-due once at every boot, then
# powers the instance off; twinrun-watchdog.timer powers it off after --max-runtime-minutes (default 50)
# even if the run hangs. --log-group is the CloudWatch Logs group the agent ships the runner log to
# (default /twinrun/ec2/runner).
#
# --jit c1 (the default) runs the ticks with C1 alone, c2 with C2 as well (-XX:TieredStopAtLevel=4 in JAVA_OPTS,
# after the unit's flags, and in the AOT cache's training run). Measured (ec2-adapter/BENCHMARKS-ec2.md): C1 is
# cheaper for idle ticks and hours up to 100 MB; C2 for hours of about 1 GB (7 % less CPU, 9 % less wall).
#
# --root DIR (or TWINRUN_ROOT) prefixes every path written, so tests can run this in a temp
# directory with dnf/systemctl/... stubbed on PATH. Commands are still run, paths given to them are
# prefixed. Settings for /etc/twinrun/twinrun.env, when that file does not exist yet, come from
# TWINRUN_BUCKET, TWINRUN_INPUT_PREFIX, TWINRUN_OUTPUT_PREFIX, TWINRUN_TRANSFORMATION and AWS_REGION
# in this script's environment. Safe to run again.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${TWINRUN_ROOT:-}"
SCHEDULER="systemd"
LOG_GROUP="/twinrun/ec2/runner"
MAX_RUNTIME_MINUTES=50
JIT="c1"
JAR=""

usage() {
    echo "usage: install.sh [--root DIR] [--scheduler systemd|cron|boot] [--log-group NAME] [--max-runtime-minutes N] [--jit c1|c2] /path/to/twinrun-ec2.jar" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --root) [ $# -ge 2 ] || usage; ROOT="$2"; shift 2 ;;
        --root=*) ROOT="${1#--root=}"; shift ;;
        --scheduler) [ $# -ge 2 ] || usage; SCHEDULER="$2"; shift 2 ;;
        --scheduler=*) SCHEDULER="${1#--scheduler=}"; shift ;;
        --log-group) [ $# -ge 2 ] || usage; LOG_GROUP="$2"; shift 2 ;;
        --log-group=*) LOG_GROUP="${1#--log-group=}"; shift ;;
        --max-runtime-minutes) [ $# -ge 2 ] || usage; MAX_RUNTIME_MINUTES="$2"; shift 2 ;;
        --max-runtime-minutes=*) MAX_RUNTIME_MINUTES="${1#--max-runtime-minutes=}"; shift ;;
        --jit) [ $# -ge 2 ] || usage; JIT="$2"; shift 2 ;;
        --jit=*) JIT="${1#--jit=}"; shift ;;
        -h|--help) usage ;;
        -*) echo "install.sh: unknown option $1" >&2; usage ;;
        *) [ -z "$JAR" ] || usage; JAR="$1"; shift ;;
    esac
done
[ -n "$JAR" ] || usage
[ -f "$JAR" ] || { echo "install.sh: jar not found: $JAR" >&2; exit 2; }
case "$SCHEDULER" in systemd|cron|boot) ;; *) echo "install.sh: --scheduler must be systemd, cron or boot" >&2; exit 2 ;; esac
case "$JIT" in c1|c2) ;; *) echo "install.sh: --jit must be c1 or c2, was '$JIT'" >&2; exit 2 ;; esac
case "$LOG_GROUP" in
    /*) ;;
    *) echo "install.sh: --log-group must start with /, was '$LOG_GROUP'" >&2; exit 2 ;;
esac
if ! printf '%s' "$LOG_GROUP" | grep -Eq '^[A-Za-z0-9_./#-]+$'; then
    echo "install.sh: --log-group may hold only letters, digits and _ . / # -, was '$LOG_GROUP'" >&2; exit 2
fi
if ! printf '%s' "$MAX_RUNTIME_MINUTES" | grep -Eq '^[0-9]+$' || [ "$MAX_RUNTIME_MINUTES" -lt 5 ] || [ "$MAX_RUNTIME_MINUTES" -gt 1440 ]; then
    echo "install.sh: --max-runtime-minutes must be a whole number from 5 to 1440, was '$MAX_RUNTIME_MINUTES'" >&2; exit 2
fi
ROOT="${ROOT%/}"

log() { echo "install.sh: $*"; }

# --- Java 17+ (Corretto 25 when there is none: its AOT cache starts the runner fastest) -----------
java_major() {
    command -v java >/dev/null 2>&1 || { echo 0; return; }
    java -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\)\(\.[0-9][0-9]*\)*.*".*/\1/p' | head -n1 | sed 's/^1$/8/;s/^$/0/'
}
if [ "$(java_major)" -lt 17 ]; then
    if command -v dnf >/dev/null 2>&1; then
        log "installing java-25-amazon-corretto-headless"
        if ! dnf install -y java-25-amazon-corretto-headless; then
            log "java-25-amazon-corretto-headless not available; installing java-21-amazon-corretto-headless"
            dnf install -y java-21-amazon-corretto-headless
        fi
    elif command -v apt-get >/dev/null 2>&1; then
        log "installing openjdk-17-jre-headless"
        apt-get install -y openjdk-17-jre-headless
    else
        echo "install.sh: no Java 17+ and neither dnf nor apt-get to install it" >&2
        exit 1
    fi
else
    log "java $(java_major) already present"
fi

# The unit's JVM flags (twinrun-run-due.service): the AOT cache's training run uses the same ones, and JIT_OPTS
# after them. C1 only unless --jit c2: see the unit.
UNIT_JAVA_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=60"
JIT_OPTS=""
if [ "$JIT" = c2 ]; then
    JIT_OPTS="-XX:TieredStopAtLevel=4"
    # Measured cheaper only with the AOT cache's method profiles (BENCHMARKS-ec2.md): without them C2 costs more.
    [ "$(java_major)" -ge 25 ] || log "WARNING: --jit c2 on Java $(java_major): C2 measured cheaper only with the AOT cache of Java 25+"
fi
AOT_CACHE=/var/lib/twinrun/twinrun-ec2.aot
AOT_OPTS="-XX:AOTCache=$AOT_CACHE"
APPCDS_OPTS="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/var/lib/twinrun/twinrun-ec2.jsa"
# JAVA_OPTS for twinrun.env: on Java 25+ the AOT cache made below; on 19-24 a class-data-sharing
# archive of the runner's classes made by the first tick; before 19 none (ec2-adapter/BENCHMARKS-ec2.md);
# then JIT_OPTS.
java_opts() {
    local major cache=""
    major="$(java_major)"
    if [ "$major" -ge 25 ]; then
        cache="$AOT_OPTS"
    elif [ "$major" -ge 19 ]; then
        cache="$APPCDS_OPTS"
    fi
    echo "$cache${cache:+${JIT_OPTS:+ }}$JIT_OPTS"
}
# The env file's JAVA_OPTS value (its last line, as systemd reads it), or nothing.
env_java_opts() {
    sed -n 's/^JAVA_OPTS=//p' "$ENV_FILE" | tail -n 1
}
# A JAVA_OPTS value this script writes, for any Java and either --jit: an earlier install's line that is one of
# these is this script's to change; any other line is the user's and is kept.
written_java_opts() {
    local v="$1" cache jit
    for cache in "" "$AOT_OPTS" "$APPCDS_OPTS"; do
        for jit in "" "-XX:TieredStopAtLevel=4"; do
            [ "$v" != "$cache${cache:+${jit:+ }}$jit" ] || return 0
        done
    done
    return 1
}

# --- service user and directories -----------------------------------------------------------
if ! id -u twinrun >/dev/null 2>&1; then
    log "creating system user twinrun"
    useradd --system --no-create-home --home-dir /var/lib/twinrun --shell /sbin/nologin twinrun
fi
install -d -m 0755 "$ROOT/opt/twinrun" "$ROOT/etc/twinrun" "$ROOT/etc/systemd/system" "$ROOT/etc/tmpfiles.d"
install -d -m 0755 "$ROOT/var/log/twinrun" "$ROOT/var/lib/twinrun"
install -d -m 0775 "$ROOT/run/lock/twinrun"
chown twinrun:twinrun "$ROOT/var/log/twinrun" "$ROOT/var/lib/twinrun" "$ROOT/run/lock/twinrun"

# --- the runner -----------------------------------------------------------------------------
# The CDK user data downloads the jar straight to its final place: then there is nothing to copy.
if [ "$(readlink -f "$JAR")" != "$(readlink -f "$ROOT/opt/twinrun/twinrun-ec2.jar")" ]; then
    install -m 0644 "$JAR" "$ROOT/opt/twinrun/twinrun-ec2.jar"
else
    chmod 0644 "$ROOT/opt/twinrun/twinrun-ec2.jar"
fi
for f in twinrun-run-due.service twinrun-run-due.timer twinrun.crontab amazon-cloudwatch-agent.json \
         twinrun-run-once.service twinrun-watchdog.timer twinrun-watchdog.service; do
    install -m 0644 "$HERE/$f" "$ROOT/opt/twinrun/$f"
done
[ ! -f "$HERE/README.md" ] || install -m 0644 "$HERE/README.md" "$ROOT/opt/twinrun/README.md"
install -m 0644 "$HERE/twinrun.tmpfiles" "$ROOT/etc/tmpfiles.d/twinrun.conf"

ENV_FILE="$ROOT/etc/twinrun/twinrun.env"
if [ ! -f "$ENV_FILE" ]; then
    log "writing $ENV_FILE"
    {
        echo "# twinrun runner settings (KEY=VALUE; read by systemd EnvironmentFile= and by the runner itself)"
        if [ -n "${TWINRUN_BUCKET:-}" ]; then
            echo "TWINRUN_BUCKET=$TWINRUN_BUCKET"
        else
            echo "# TWINRUN_BUCKET=my-bucket   (required: the runner exits 2 until it is set)"
        fi
        echo "TWINRUN_INPUT_PREFIX=${TWINRUN_INPUT_PREFIX:-incoming/}"
        [ -z "${TWINRUN_OUTPUT_PREFIX:-}" ] || echo "TWINRUN_OUTPUT_PREFIX=$TWINRUN_OUTPUT_PREFIX"
        echo "TWINRUN_TRANSFORMATION=${TWINRUN_TRANSFORMATION:-ecommerce}"
        echo "TWINRUN_VARIANT=ec2"
        [ -z "${AWS_REGION:-}" ] || echo "AWS_REGION=$AWS_REGION"
        [ -z "$(java_opts)" ] || echo "JAVA_OPTS=$(java_opts)"
    } > "$ENV_FILE"
    chmod 0644 "$ENV_FILE"
    [ -n "${TWINRUN_BUCKET:-}" ] || log "WARNING: TWINRUN_BUCKET not set; edit $ENV_FILE"
else
    log "keeping existing $ENV_FILE"
    current="$(env_java_opts)"
    if ! grep -q '^JAVA_OPTS=' "$ENV_FILE"; then
        if [ -n "$(java_opts)" ]; then
            log "adding JAVA_OPTS ($(java_opts)) to $ENV_FILE"
            echo "JAVA_OPTS=$(java_opts)" >> "$ENV_FILE"
        fi
    elif [ "$current" != "$(java_opts)" ] && written_java_opts "$current"; then
        # Written by an earlier install on another Java or with the other --jit: this Java's cache and this --jit.
        log "replacing JAVA_OPTS=$current with JAVA_OPTS=$(java_opts) in $ENV_FILE"
        sed -i "s|^JAVA_OPTS=.*\$|JAVA_OPTS=$(java_opts)|" "$ENV_FILE"
    fi
fi

# --- AOT cache (Java 25+): the first tick, run now as the unit runs it, is its training run ----------
# JEP 483/514/515: the classes the runner loads and links, and their method profiles, recorded by one
# real `run-due` (as the service user, with the unit's JVM flags, before the timer starts; the lock
# keeps it apart from any other run) and stored in $AOT_CACHE; every tick then starts from it. A
# training tick that has an hour to process caches the parser's and aggregation's classes too; one
# with nothing due, the idle tick's. The JVM checks the cache against the jar and the JDK and runs
# without it (after a warning) when either has changed: running this script again makes it anew.
as_service_user() {
    if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
        runuser -u twinrun -- "$@"
    else
        "$@"
    fi
}
if [ "$(java_major)" -ge 25 ]; then
    rm -f "$ROOT$AOT_CACHE"
    log "training the AOT cache $AOT_CACHE: a first run-due tick"
    rc=0
    as_service_user java $UNIT_JAVA_FLAGS $JIT_OPTS -XX:AOTCacheOutput="$ROOT$AOT_CACHE" \
        -jar "$ROOT/opt/twinrun/twinrun-ec2.jar" run-due --config "$ENV_FILE" \
        > "$ROOT/var/log/twinrun/aot-training.out" 2>&1 || rc=$?
    [ "$rc" = 0 ] || log "the training tick exited $rc (see /var/log/twinrun/aot-training.out and runner.log); its classes are cached all the same"
    if [ -f "$ROOT$AOT_CACHE" ]; then
        chmod 0644 "$ROOT$AOT_CACHE"
        log "AOT cache written: $AOT_CACHE"
    else
        log "WARNING: no AOT cache made (see /var/log/twinrun/aot-training.out); ticks start without it"
    fi
fi

# --- scheduler ------------------------------------------------------------------------------
if [ "$SCHEDULER" = systemd ]; then
    install -m 0644 "$HERE/twinrun-run-due.service" "$ROOT/etc/systemd/system/twinrun-run-due.service"
    install -m 0644 "$HERE/twinrun-run-due.timer" "$ROOT/etc/systemd/system/twinrun-run-due.timer"
    systemd-tmpfiles --create "$ROOT/etc/tmpfiles.d/twinrun.conf" || log "systemd-tmpfiles failed; directories were created above"
    systemctl daemon-reload
    systemctl enable --now twinrun-run-due.timer
    log "systemd timer twinrun-run-due.timer enabled"
elif [ "$SCHEDULER" = boot ]; then
    SYSTEMD="$ROOT/etc/systemd/system"
    for f in twinrun-run-once.service twinrun-watchdog.timer twinrun-watchdog.service; do
        install -m 0644 "$HERE/$f" "$SYSTEMD/$f"
    done
    # The maximum runtime: the run's own timeout, and the watchdog's time after boot (an empty OnBootSec= first
    # resets the unit's list instead of adding a second trigger).
    install -d -m 0755 "$SYSTEMD/twinrun-run-once.service.d" "$SYSTEMD/twinrun-watchdog.timer.d"
    printf '[Service]\nTimeoutStartSec=%smin\n' "$MAX_RUNTIME_MINUTES" > "$SYSTEMD/twinrun-run-once.service.d/max-runtime.conf"
    printf '[Timer]\nOnBootSec=\nOnBootSec=%smin\n' "$MAX_RUNTIME_MINUTES" > "$SYSTEMD/twinrun-watchdog.timer.d/max-runtime.conf"
    systemd-tmpfiles --create "$ROOT/etc/tmpfiles.d/twinrun.conf" || log "systemd-tmpfiles failed; directories were created above"
    systemctl daemon-reload
    systemctl disable --now twinrun-run-due.timer 2>/dev/null || true
    systemctl enable twinrun-watchdog.timer twinrun-run-once.service
    log "per-run units enabled: run-due at every boot, then power off; watchdog after ${MAX_RUNTIME_MINUTES} min"
else
    # cron reads no environment file: the env file's JAVA_OPTS (the cache, --jit) go into the installed line itself.
    cron_opts="$(env_java_opts)"
    if [ -n "$cron_opts" ]; then
        sed -i "s|-XX:MaxRAMPercentage=60 -jar|-XX:MaxRAMPercentage=60 $cron_opts -jar|" "$ROOT/opt/twinrun/twinrun.crontab"
    fi
    crontab -u twinrun "$ROOT/opt/twinrun/twinrun.crontab"
    log "crontab installed for user twinrun"
fi

# --- CloudWatch agent -----------------------------------------------------------------------
CW_DIR="$ROOT/opt/aws/amazon-cloudwatch-agent/etc"
cw_ctl() {
    # The package puts the control script in /opt/aws/amazon-cloudwatch-agent/bin, not on PATH.
    command -v amazon-cloudwatch-agent-ctl 2>/dev/null \
        || { [ -x /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl ] \
             && echo /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl; } \
        || true
}
if [ -z "$(cw_ctl)" ]; then
    if command -v dnf >/dev/null 2>&1; then
        log "installing amazon-cloudwatch-agent"
        dnf install -y amazon-cloudwatch-agent
    else
        log "WARNING: amazon-cloudwatch-agent not installed and no dnf; logs stay on the instance"
    fi
fi
install -d -m 0755 "$CW_DIR"
sed "s|\"/twinrun/ec2/runner\"|\"$LOG_GROUP\"|" "$HERE/amazon-cloudwatch-agent.json" > "$CW_DIR/twinrun.json"
chmod 0644 "$CW_DIR/twinrun.json"
CW_CTL="$(cw_ctl)"
if [ -n "$CW_CTL" ]; then
    "$CW_CTL" -a fetch-config -m ec2 -s -c "file:$CW_DIR/twinrun.json"
    log "CloudWatch agent started with $CW_DIR/twinrun.json"
fi

if [ "$SCHEDULER" = boot ]; then
    # Enabled units start at every later boot; this boot is past that point (user data runs late), so start them
    # now, once the agent ships the log, without waiting: the first run happens right after the install.
    systemctl start --no-block twinrun-watchdog.timer twinrun-run-once.service
    log "first per-run run started"
fi

log "done: jar in $ROOT/opt/twinrun, settings in $ENV_FILE"
