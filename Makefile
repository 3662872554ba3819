# nianbaod — build, run, test and install.
#
#   sudo make run             install what is needed, build, and run the daemon on config/nianbaod.toml
#   sudo make test            install and start what the tests need (journald, Postfix), run every test
#   make bench                print the benchmarks' figures (release build)
#   make                      build the release binary (swift build -c release)
#   sudo make install         install into PREFIX (default /usr/local) and set the system up
#   make install DESTDIR=/tmp/pkg PREFIX=/usr    stage a package; nothing on the system is touched
#
# With DESTDIR empty, `install` also creates the user and folders (systemd-sysusers,
# systemd-tmpfiles), rebuilds the journal catalogue, applies the sysctl snippet and reloads systemd.
# Enable and start the service yourself: `systemctl enable --now nianbaod`.

PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
SYSCONFDIR  ?= /etc
DOCDIR      ?= $(PREFIX)/share/doc/nianbaod
SYSTEMDDIR  ?= $(PREFIX)/lib/systemd
UNITDIR     ?= $(SYSTEMDDIR)/system
CATALOGDIR  ?= $(SYSTEMDDIR)/catalog
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
SYSCTLDIR   ?= $(PREFIX)/lib/sysctl.d
STATEDIR    ?= /var/lib/nianbaod
# yes, no, or auto (yes when the group postdrop exists, i.e. Postfix is installed).
WITH_POSTFIX ?= auto
# The binary to install; evaluated only when needed.
NIANBAOD_BIN ?= $(shell swift build -c release --show-bin-path)/nianbaod

INSTALL ?= install
CONFIG_EXAMPLE = config/nianbaod.toml

.PHONY: all build install install-bin install-data post-install uninstall deps test-deps run test bench

all: build

deps:
	./scripts/install-deps.sh

test-deps:
	./scripts/install-deps.sh --test

run: deps build
	"$$(swift build -c release --show-bin-path)/nianbaod" run --config config/nianbaod.toml

test: test-deps
	swift build --build-tests
	swift test --skip-build

bench: deps
	swift build -c release --product nianbao-bench
	"$$(swift build -c release --show-bin-path)/nianbao-bench" all --seconds 5 --seeds-dir ../shared/seeds

build:
	swift build -c release --product nianbaod

install: build install-bin install-data post-install

install-bin:
	$(INSTALL) -D -m 0755 "$(NIANBAOD_BIN)" "$(DESTDIR)$(BINDIR)/nianbaod"

install-data:
	$(INSTALL) -d "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)$(CATALOGDIR)" "$(DESTDIR)$(SYSUSERSDIR)" \
		"$(DESTDIR)$(TMPFILESDIR)" "$(DESTDIR)$(SYSCTLDIR)" "$(DESTDIR)$(SYSCONFDIR)/nianbaod" \
		"$(DESTDIR)$(DOCDIR)"
	sed -e 's#/usr/bin/nianbaod#$(BINDIR)/nianbaod#g' \
		-e 's#/etc/nianbaod/#$(SYSCONFDIR)/nianbaod/#g' \
		-e 's#/usr/share/doc/nianbaod/#$(DOCDIR)/#g' \
		systemd/nianbaod.service > "$(DESTDIR)$(UNITDIR)/nianbaod.service"
	chmod 0644 "$(DESTDIR)$(UNITDIR)/nianbaod.service"
	if [ "$(WITH_POSTFIX)" = yes ] || { [ "$(WITH_POSTFIX)" = auto ] && getent group postdrop >/dev/null; }; then \
		$(INSTALL) -D -m 0644 systemd/nianbaod.service.d/50-postfix.conf \
			"$(DESTDIR)$(UNITDIR)/nianbaod.service.d/50-postfix.conf"; \
	fi
	$(INSTALL) -m 0644 systemd/nianbaod.catalog "$(DESTDIR)$(CATALOGDIR)/nianbaod.catalog"
	$(INSTALL) -m 0644 systemd/nianbaod.sysusers "$(DESTDIR)$(SYSUSERSDIR)/nianbaod.conf"
	$(INSTALL) -m 0644 systemd/nianbaod.tmpfiles "$(DESTDIR)$(TMPFILESDIR)/nianbaod.conf"
	$(INSTALL) -m 0644 systemd/90-nianbaod-inotify.conf "$(DESTDIR)$(SYSCTLDIR)/90-nianbaod-inotify.conf"
	if [ -f README.md ]; then $(INSTALL) -m 0644 README.md "$(DESTDIR)$(DOCDIR)/README.md"; fi
	# The example configuration, with its relative var/… folders moved under $(STATEDIR).
	# An existing configuration is never overwritten; the new example goes beside it.
	if [ -f "$(CONFIG_EXAMPLE)" ]; then \
		target="$(DESTDIR)$(SYSCONFDIR)/nianbaod/nianbaod.toml"; \
		if [ -e "$$target" ]; then target="$$target.example"; fi; \
		sed -e 's#"var/#"$(STATEDIR)/#g' -e "s#'var/#'$(STATEDIR)/#g" "$(CONFIG_EXAMPLE)" > "$$target"; \
		chmod 0644 "$$target"; \
	else \
		echo "note: $(CONFIG_EXAMPLE) not found; no example configuration installed"; \
	fi

post-install:
	if [ -z "$(DESTDIR)" ]; then \
		systemd-sysusers "$(SYSUSERSDIR)/nianbaod.conf" && \
		systemd-tmpfiles --create "$(TMPFILESDIR)/nianbaod.conf" && \
		journalctl --update-catalog && \
		{ sysctl -q -p "$(SYSCTLDIR)/90-nianbaod-inotify.conf" || echo "note: sysctl not applied (container?)"; } && \
		{ systemctl daemon-reload 2>/dev/null || echo "note: systemd is not running; skipped daemon-reload"; }; \
	fi

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/nianbaod" "$(DESTDIR)$(UNITDIR)/nianbaod.service" \
		"$(DESTDIR)$(UNITDIR)/nianbaod.service.d/50-postfix.conf" \
		"$(DESTDIR)$(CATALOGDIR)/nianbaod.catalog" "$(DESTDIR)$(SYSUSERSDIR)/nianbaod.conf" \
		"$(DESTDIR)$(TMPFILESDIR)/nianbaod.conf" "$(DESTDIR)$(SYSCTLDIR)/90-nianbaod-inotify.conf" \
		"$(DESTDIR)$(DOCDIR)/README.md"
	-rmdir "$(DESTDIR)$(UNITDIR)/nianbaod.service.d" "$(DESTDIR)$(DOCDIR)" 2>/dev/null
	# The configuration ($(SYSCONFDIR)/nianbaod), the user and $(STATEDIR) are kept.
