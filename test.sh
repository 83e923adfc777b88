#!/usr/bin/env bash
# The test command: installs and starts what the tests need (PostgreSQL, Chromium) from Debian
# packages when missing, then runs the whole suite. Run as root on Debian; CI calls exactly this.
set -euo pipefail
cd "$(dirname "$0")"

PG_PORT="${HELPDESK_TEST_PG_PORT:-55432}"
STATE="${TMPDIR:-/tmp}/helpdesk-test-services"
mkdir -p "$STATE"

log() { printf '== %s\n' "$*"; }

# 1. Debian packages, installed only when missing.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-imapd)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
/usr/bin/python3 -c "import dkim" >/dev/null 2>&1 || missing+=(python3-dkim)
[ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
command -v postfix >/dev/null 2>&1 || missing+=(postfix)
command -v swaks >/dev/null 2>&1 || missing+=(swaks)
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    # Postfix asks how to configure the system's own instance: not at all (the tests run one of their own).
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "not root: cannot install ${missing[*]}; the tests that need them will skip (or fail under CI=true)"
  fi
fi

# 2. A throw-away PostgreSQL cluster on loopback, started unless one already answers on the port.
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
started_pg=""
if [ -n "$PG_BIN" ] && [ "$(id -u)" -eq 0 ] && ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
  PGDATA="$STATE/pg"
  rm -rf "$PGDATA"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA" "$STATE" 2>/dev/null || true
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start \
    -o "-p $PG_PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
  started_pg="$PGDATA"
fi
# 3. An SMTP server on loopback that writes every message it accepts, byte for byte, to a Maildir; beside it the same
#    server requiring sign-in with PLAIN only (port + 1) and LOGIN only (port + 2); see tools/test-smtp.py.
SMTP_PORT="${HELPDESK_TEST_SMTP_PORT:-10025}"
MAILDIR="$STATE/maildir"
smtp_pid=""
if /usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1; then
  rm -rf "$MAILDIR"
  mkdir -p "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
  log "starting aiosmtpd on 127.0.0.1:$SMTP_PORT-$((SMTP_PORT + 2))"
  /usr/bin/python3 tools/test-smtp.py "$SMTP_PORT" "$MAILDIR" >"$STATE/aiosmtpd.log" 2>&1 &
  smtp_pid=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && break; sleep 0.1; done
fi

# 4. Dovecot IMAP on loopback: any user name logs in with the password "secret" and gets a Maildir of its
#    own (each test uses a fresh one); plain IMAP with STARTTLS on one port, IMAPS on another, both with a
#    self-signed certificate made here.
IMAP_PORT="${HELPDESK_TEST_IMAP_PORT:-10143}"
IMAPS_PORT="${HELPDESK_TEST_IMAPS_PORT:-10993}"
LMTP_PORT="${HELPDESK_TEST_LMTP_PORT:-10024}"
DOVECOT="$STATE/dovecot"
dovecot_pid=""
if command -v dovecot >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  rm -rf "$DOVECOT"
  mkdir -p "$DOVECOT/run" "$DOVECOT/state" "$DOVECOT/mail"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "$DOVECOT/key.pem" -out "$DOVECOT/cert.pem" >/dev/null 2>&1
  protocols="imap"
  [ -x /usr/lib/dovecot/lmtp ] && protocols="imap lmtp"
  cat >"$DOVECOT/dovecot.conf" <<CONF
protocols = $protocols
listen = 127.0.0.1
base_dir = $DOVECOT/run
state_dir = $DOVECOT/state
log_path = $DOVECOT/dovecot.log
info_log_path = $DOVECOT/dovecot.log
ssl = yes
ssl_cert = <$DOVECOT/cert.pem
ssl_key = <$DOVECOT/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
mail_uid = nobody
mail_gid = nogroup
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$DOVECOT/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
  }
}
CONF
  if [ -x /usr/lib/dovecot/lmtp ]; then
    cat >>"$DOVECOT/dovecot.conf" <<CONF
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
protocol lmtp {
  postmaster_address = postmaster@localhost
}
CONF
  fi
  chown -R nobody:nogroup "$DOVECOT/mail"
  chmod 755 "$DOVECOT"
  log "starting Dovecot IMAP on 127.0.0.1:$IMAP_PORT (IMAPS $IMAPS_PORT)"
  dovecot -F -c "$DOVECOT/dovecot.conf" >"$DOVECOT/stdout.log" 2>&1 &
  dovecot_pid=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null && break; sleep 0.1; done
fi

# 5. Postfix on loopback, an instance of its own (its configuration under $STATE, the system's untouched), delivering
#    mail for test.example to Dovecot over LMTP: the path real mail takes, for the test that submits with swaks.
POSTFIX_PORT="${HELPDESK_TEST_POSTFIX_PORT:-10587}"
POSTFIX="$STATE/postfix"
postfix_started=""
if [ -n "$dovecot_pid" ] && [ -x /usr/lib/dovecot/lmtp ] && command -v postfix >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  postfix -c "$POSTFIX/etc" abort >/dev/null 2>&1 || true
  rm -rf "$POSTFIX"
  mkdir -p "$POSTFIX/etc" "$POSTFIX/queue" "$POSTFIX/data"
  cp /etc/postfix/master.cf "$POSTFIX/etc/"
  cat >"$POSTFIX/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $POSTFIX/queue
data_directory = $POSTFIX/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = localhost
mydestination =
mynetworks = 127.0.0.0/8
virtual_mailbox_domains = test.example
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
maillog_file = $POSTFIX/postfix.log
maillog_file_prefixes = $POSTFIX
alias_maps =
alias_database =
CONF
  postconf -c "$POSTFIX/etc" -MX smtp/inet
  postconf -c "$POSTFIX/etc" -M "127.0.0.1:$POSTFIX_PORT/inet=127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd"
  postconf -c "$POSTFIX/etc" -F '*/*/chroot = n'
  chown postfix "$POSTFIX/data"
  log "starting Postfix on 127.0.0.1:$POSTFIX_PORT (to Dovecot LMTP on $LMTP_PORT)"
  if postfix -c "$POSTFIX/etc" check && postfix -c "$POSTFIX/etc" start >/dev/null 2>&1; then
    postfix_started="yes"
    for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$POSTFIX_PORT") 2>/dev/null && break; sleep 0.1; done
  fi
fi

cleanup() {
  if [ -n "$postfix_started" ]; then
    postfix -c "$POSTFIX/etc" abort >/dev/null 2>&1 || true
  fi
  if [ -n "$dovecot_pid" ]; then
    kill "$dovecot_pid" 2>/dev/null || true
  fi
  if [ -n "$started_pg" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$started_pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "$smtp_pid" ]; then
    kill "$smtp_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

export HELPDESK_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=postgres"
export HELPDESK_TEST_CHROMIUM="${HELPDESK_TEST_CHROMIUM:-$(command -v chromium)}"
if [ -n "$smtp_pid" ]; then
  export HELPDESK_TEST_SMTP="127.0.0.1:$SMTP_PORT" HELPDESK_TEST_MAILDIR="$MAILDIR"
fi
if [ -n "$dovecot_pid" ]; then
  export HELPDESK_TEST_IMAP="127.0.0.1:$IMAP_PORT" HELPDESK_TEST_IMAPS="127.0.0.1:$IMAPS_PORT" HELPDESK_TEST_DOVECOT_CONF="$DOVECOT/dovecot.conf"
fi
if [ -n "$postfix_started" ]; then
  export HELPDESK_TEST_POSTFIX="127.0.0.1:$POSTFIX_PORT"
fi

# 6. The suite. A TRX file gives the closing count line.
results="$STATE/results"
rm -rf "$results"
log "dotnet test"
set +e
dotnet test Helpdesk.Tests/Helpdesk.Tests.csproj --logger "trx;LogFileName=results.trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?
set -e
trx="$(ls "$results"/*.trx 2>/dev/null | head -n 1 || true)"
if [ -n "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total="$(get total)"; passed="$(get passed)"; failed="$(get failed)"; executed="$(get executed)"
  skipped=$((total - executed))
  echo "$passed passed, $failed failed, $skipped skipped"
fi
exit $status
