#!/bin/sh
# Starts a standalone systemd-journald when none is listening (containers and CI have no PID-1
# systemd), with rate limiting off so that bursts of test entries are all kept. Idempotent, and safe
# to run from several processes at once.
#
# A socket file alone proves nothing: a journald that died, or a machine image taken while one ran,
# leaves /run/systemd/journal/socket behind with nobody reading it. So the test is whether the journal
# accepts a connection (systemd-cat connects to journald's stream socket and fails when none listens).
set -eu
journald=/lib/systemd/systemd-journald
answers() { systemd-cat --identifier=start-journald.sh true 2>/dev/null; }

mkdir -p /run/systemd/journald.conf.d
printf '[Journal]\nRateLimitIntervalSec=0\nRateLimitBurst=0\n' > /run/systemd/journald.conf.d/90-nianbaod-tests.conf
exec 9>/run/nianbaod-start-journald.lock
flock 9
if answers; then
    echo "systemd-journald is running"
    exit 0
fi
if [ ! -x "$journald" ]; then
    echo "start-journald.sh: $journald is missing: apt-get install systemd" >&2
    exit 1
fi
# journald removes stale socket files itself when it binds its sockets.
(setsid "$journald" </dev/null >/dev/null 2>&1 9>&- &)
i=0
until answers; do
    i=$((i + 1))
    if [ "$i" -gt 150 ]; then
        echo "start-journald.sh: systemd-journald started but does not accept connections after 15 s" >&2
        exit 1
    fi
    sleep 0.1
done
echo "systemd-journald started"
