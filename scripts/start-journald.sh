#!/bin/sh
# Starts a standalone systemd-journald when none is running (containers and CI have no PID-1
# systemd), with rate limiting off so that bursts of test entries are all kept. Idempotent.
set -eu
mkdir -p /run/systemd/journald.conf.d
printf '[Journal]\nRateLimitIntervalSec=0\nRateLimitBurst=0\n' > /run/systemd/journald.conf.d/90-nianbaod-tests.conf
if [ ! -S /run/systemd/journal/socket ]; then
    (setsid /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &)
fi
i=0
while [ ! -S /run/systemd/journal/socket ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then
        echo "start-journald.sh: systemd-journald did not start" >&2
        exit 1
    fi
    sleep 0.1
done
echo "systemd-journald is running"
