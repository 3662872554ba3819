#!/bin/sh
# Installs Debian's postfix for LOCAL delivery only and starts it, so that /usr/sbin/sendmail
# delivers to /var/mail/USER. Idempotent: running it again changes nothing and leaves postfix running.
# Needs root. There is no systemd here, so postfix is started directly.
set -eu

if [ "$(id -u)" -ne 0 ]; then
    echo "setup-postfix.sh: must run as root (it installs packages and starts postfix)" >&2
    exit 1
fi

mailname=${NIANBAO_MAILNAME:-localhost}

if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q 'install ok installed' \
    || ! command -v mail >/dev/null 2>&1; then
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string $mailname" | debconf-set-selections
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || true
    apt-get install -y -qq --no-install-recommends postfix bsd-mailx >/dev/null
fi

# Local delivery only: listen on loopback, no relay, deliver to mbox files under /var/mail.
postconf -e "inet_interfaces = loopback-only" \
    "mydestination = \$myhostname, localhost.localdomain, localhost, $mailname" \
    "relayhost =" \
    "default_transport = error:local delivery only" \
    "mailbox_size_limit = 0"
newaliases 2>/dev/null || true

if postfix status >/dev/null 2>&1; then
    postfix reload >/dev/null 2>&1 || true
else
    postfix start
fi

# Wait until the master process answers (it starts asynchronously).
i=0
while ! postfix status >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 50 ]; then
        echo "setup-postfix.sh: postfix did not start; see /var/log/mail.log or run 'postfix start' by hand" >&2
        exit 1
    fi
    sleep 0.1
done
echo "postfix is running (local delivery only, mailname $mailname)"
