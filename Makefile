# wuprobe: make builds ./wuprobe; make run probes; make test runs every test.
# Libraries come from Debian packages through pkg-config (scripts/install-deps.sh).

CC      ?= cc
PKGS    := libcurl libcares openssl duktape libidn2 libseccomp libmicrohttpd jansson
CFLAGS  ?= -O2 -g
STDFLAGS = -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm -pthread
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

BUILD   := build

# Where make install puts things; DESTDIR stages them for a package.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
SYSCONFDIR  ?= /etc
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
# node_exporter's textfile directory (Debian's), where the service links its
# metrics; empty: no link.
TEXTFILE_DIR ?= /var/lib/prometheus/node-exporter
# Creates the service's user when installing into this system (no DESTDIR).
SYSUSERS    ?= systemd-sysusers

# probe/ holds the core (options, list, loop, the endpoint's life, exchange,
# verdicts); its folders the subsystems: dns/, tls/, proxy/, clock/, report/.
SRCS     := $(wildcard probe/*.c probe/*/*.c)
HDRS     := $(wildcard probe/*.h probe/*/*.h)
INCS     := -Iprobe $(patsubst %/,-I%,$(sort $(dir $(wildcard probe/*/*))))
LIB_SRCS := $(filter-out probe/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:probe/%.c=$(BUILD)/%.o)
SAN_OBJS := $(LIB_SRCS:probe/%.c=$(BUILD)/san/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNITS     := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/%)
SAN_UNITS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/san/%)

.PHONY: all run test rules deps deps-build unit sanitize integration valgrind-lab lab bench bench-quick clean install uninstall fuzz fuzz-replay

all: wuprobe

wuprobe: $(LIB_OBJS) $(BUILD)/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: probe/%.c $(HDRS) | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(STDFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(INCS) -c -o $@ $<

# The sanitized objects also take fault injection (probe/fault.h): the
# tests make a named allocation fail with WUPROBE_FAULT.
$(BUILD)/san/%.o: probe/%.c $(HDRS) | $(BUILD)/san
	@mkdir -p $(@D)
	$(CC) $(STDFLAGS) -O1 -g $(SAN) -DWUPROBE_FAULTS $(PKG_CFLAGS) $(INCS) -c -o $@ $<

$(BUILD)/test_%: tests/unit/test_%.c $(LIB_OBJS) | $(BUILD)
	$(CC) $(STDFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(INCS) -o $@ $< $(LIB_OBJS) $(PKG_LIBS) -lcmocka

$(BUILD)/san/test_%: tests/unit/test_%.c $(SAN_OBJS) | $(BUILD)/san
	$(CC) $(STDFLAGS) -O1 -g $(SAN) $(PKG_CFLAGS) $(INCS) -o $@ $< $(SAN_OBJS) $(PKG_LIBS) -lcmocka

# The endpoint's state machine alone (tests/unit/test_endpoint.c): endpoint.c
# with the loop and its stages left out, scripted by the test's own stubs.
EP_STAGE_OBJS := probe.o events.o progress.o transfer.o dns/lookup.o dns/resolve.o dns/dnssock.o tls/aia.o tls/tls13.o
EP_OBJS       := $(filter-out $(addprefix $(BUILD)/,$(EP_STAGE_OBJS)),$(LIB_OBJS))
EP_SAN_OBJS   := $(filter-out $(addprefix $(BUILD)/san/,$(EP_STAGE_OBJS)),$(SAN_OBJS))

$(BUILD)/test_endpoint: tests/unit/test_endpoint.c $(EP_OBJS) | $(BUILD)
	$(CC) $(STDFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(INCS) -o $@ $< $(EP_OBJS) $(PKG_LIBS) -lcmocka

$(BUILD)/san/test_endpoint: tests/unit/test_endpoint.c $(EP_SAN_OBJS) | $(BUILD)/san
	$(CC) $(STDFLAGS) -O1 -g $(SAN) $(PKG_CFLAGS) $(INCS) -o $@ $< $(EP_SAN_OBJS) $(PKG_LIBS) -lcmocka

$(BUILD) $(BUILD)/san:
	mkdir -p $@

deps:
	@scripts/install-deps.sh test

deps-build:
	@scripts/install-deps.sh build

# Install what is missing, build, probe the shipped endpoints.conf. The
# report ends with the probe's exit code; make itself fails only when the
# probe could not run (exit 3). Scripts call ./wuprobe for its exit code.
run: deps-build
	@$(MAKE) --no-print-directory wuprobe
	@./wuprobe -c endpoints.conf; rc=$$?; [ $$rc -lt 3 ]

# Install what is missing, build, check that calls go one way (scripts/layers:
# the loop over the endpoint over the stages, no circle), run every test.
test: deps
	@$(MAKE) --no-print-directory wuprobe
	@scripts/layers $(BUILD)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory rules
	@$(MAKE) --no-print-directory sanitize
	@$(MAKE) --no-print-directory integration

# The alert rules (contrib/prometheus): promtool checks them and runs their
# unit tests on synthetic series.
rules:
	promtool check rules contrib/prometheus/wuprobe-alerts.yml
	promtool test rules contrib/prometheus/tests/wuprobe-alerts.test.yml

unit: $(UNITS)
	@set -e; for t in $(UNITS); do echo "== $$t"; $$t; done

# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer,
# and every fuzz target over its seeds.
sanitize: $(SAN_UNITS)
	@set -e; for t in $(SAN_UNITS); do echo "== $$t"; \
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done
	@$(MAKE) --no-print-directory fuzz-replay

# The whole probe under the sanitizers, run by the integration tests against every fault.
$(BUILD)/san/wuprobe: $(SAN_OBJS) probe/main.c $(HDRS) | $(BUILD)/san
	$(CC) $(STDFLAGS) -O1 -g $(SAN) $(PKG_CFLAGS) $(INCS) -o $@ probe/main.c $(SAN_OBJS) $(PKG_LIBS)

# The PAC download and WPAD walk alone, for tests/integration/test_pac_fetch.py.
$(BUILD)/san/pacfetch_try: tests/unit/pacfetch_try.c $(SAN_OBJS) | $(BUILD)/san
	$(CC) $(STDFLAGS) -O1 -g $(SAN) $(PKG_CFLAGS) $(INCS) -o $@ $< $(SAN_OBJS) $(PKG_LIBS)

# Real servers in a private network namespace (needs root, as CI has).
integration: wuprobe $(BUILD)/san/wuprobe $(BUILD)/san/pacfetch_try
	tests/lab/run /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/integration

# The lab suite again with ./wuprobe under valgrind; long, not part of make
# test (scripts/valgrind-lab says what counts).
valgrind-lab: wuprobe $(BUILD)/san/wuprobe $(BUILD)/san/pacfetch_try
	scripts/valgrind-lab

# A shell inside the lab, to try the probe by hand.
lab: wuprobe
	scripts/lab

# A latency bench, not a test (not part of make test, never fails on what it
# measures): wuprobe against curl --parallel over BENCH_N distinct host names,
# behind a relay and a DNS server that add BENCH_RTT ms per round trip, in a
# private network namespace (tests/bench/run; needs root). For example
#   make bench BENCH_N=1000 BENCH_RTT=50 BENCH_PROTO=https BENCH_P=default BENCH_REPS=3
# BENCH_RELAY=1 puts the relay in at RTT 0 too, to measure the relay itself.
# BENCH_BASE=REV runs wuprobe as built at commit REV in the same run, in turn
# with this tree's (scripts/bench-base builds it once): a change to the loop
# is measured against the commit before it. Empty: no base.
BENCH_N     ?= 1000
BENCH_RTT   ?= 50
BENCH_PROTO ?= https
BENCH_P     ?= default
BENCH_REPS  ?= 3
BENCH_RELAY ?= auto
BENCH_BASE  ?= HEAD~1
bench: deps
	@$(MAKE) --no-print-directory wuprobe
	@base=$$( [ -z "$(BENCH_BASE)" ] || scripts/bench-base "$(BENCH_BASE)" ) && \
	BENCH_N=$(BENCH_N) BENCH_RTT=$(BENCH_RTT) BENCH_PROTO=$(BENCH_PROTO) BENCH_P=$(BENCH_P) \
		BENCH_REPS=$(BENCH_REPS) BENCH_RELAY=$(BENCH_RELAY) tests/bench/run ./wuprobe $$base

# The quick case: 100 endpoints.
bench-quick:
	@$(MAKE) --no-print-directory bench BENCH_N=100

# Coverage-guided fuzzing: one libFuzzer target per parser of untrusted input
# (tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/seeds/NAME), built with clang,
# ASan and UBSan, each run for FUZZ_SECONDS on its corpus build/fuzz-corpus/NAME.
# Not part of make test, which replays every target over its seeds instead
# (fuzz-replay: gcc and the sanitizers, tests/fuzz/replay.c; no clang needed).
FUZZ_SECONDS ?= 30
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS   = -std=c11 -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJS    := $(LIB_SRCS:probe/%.c=$(BUILD)/fuzz/%.o)
FUZZERS      := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
REPLAYS      := $(FUZZ_NAMES:%=$(BUILD)/san/replay_%)
.SECONDARY: $(FUZZ_OBJS)

$(BUILD)/fuzz:
	mkdir -p $@

$(BUILD)/fuzz/%.o: probe/%.c $(HDRS) | $(BUILD)/fuzz
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) $(INCS) -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h $(FUZZ_OBJS) | $(BUILD)/fuzz
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) $(INCS) -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS)

$(BUILD)/san/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/*.h $(SAN_OBJS) | $(BUILD)/san
	$(CC) $(STDFLAGS) -O1 -g $(SAN) $(PKG_CFLAGS) $(INCS) -o $@ $< tests/fuzz/replay.c $(SAN_OBJS) $(PKG_LIBS)

fuzz: $(FUZZERS)
	@scripts/fuzz-report $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-replay: $(REPLAYS)
	@set -e; for n in $(FUZZ_NAMES); do echo "== replay_$$n"; \
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(BUILD)/san/replay_$$n tests/fuzz/seeds/$$n >/dev/null; done

# The binary, the man pages (wuprobe.1, endpoints.conf.5), the endpoint list as a conffile (an edited one is
# kept, the shipped one goes beside it as endpoints.conf.dist: scripts/conffile),
# and the systemd units with the paths installed to, and their user.
install: wuprobe
	install -D -m 755 wuprobe $(DESTDIR)$(BINDIR)/wuprobe
	install -D -m 644 wuprobe.1 $(DESTDIR)$(MANDIR)/man1/wuprobe.1
	install -D -m 644 endpoints.conf.5 $(DESTDIR)$(MANDIR)/man5/endpoints.conf.5
	scripts/conffile install endpoints.conf $(DESTDIR)$(SYSCONFDIR)/wuprobe/endpoints.conf \
		$(DESTDIR)$(DATADIR)/wuprobe/endpoints.conf
	@mkdir -p $(BUILD)/systemd
	sed -e 's#@BINDIR@#$(BINDIR)#g' -e 's#@SYSCONFDIR@#$(SYSCONFDIR)#g' \
		-e '$(if $(TEXTFILE_DIR),s#@TEXTFILE_DIR@#$(TEXTFILE_DIR)#g,/@TEXTFILE_DIR@/d)' \
		scripts/systemd/wuprobe.service.in > $(BUILD)/systemd/wuprobe.service
	install -D -m 644 $(BUILD)/systemd/wuprobe.service $(DESTDIR)$(UNITDIR)/wuprobe.service
	sed -e 's#@BINDIR@#$(BINDIR)#g' -e 's#@SYSCONFDIR@#$(SYSCONFDIR)#g' \
		scripts/systemd/wuprobe-exporter.service.in > $(BUILD)/systemd/wuprobe-exporter.service
	install -D -m 644 $(BUILD)/systemd/wuprobe-exporter.service $(DESTDIR)$(UNITDIR)/wuprobe-exporter.service
	install -D -m 644 scripts/systemd/wuprobe.timer $(DESTDIR)$(UNITDIR)/wuprobe.timer
	install -D -m 644 scripts/systemd/wuprobe.sysusers $(DESTDIR)$(SYSUSERSDIR)/wuprobe.conf
	$(if $(DESTDIR),,$(SYSUSERS) $(SYSUSERSDIR)/wuprobe.conf)

# Everything install put there but an edited endpoint list, the wuprobe user
# and /var/lib/wuprobe. Disable the timer first.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/wuprobe $(DESTDIR)$(MANDIR)/man1/wuprobe.1 \
		$(DESTDIR)$(MANDIR)/man5/endpoints.conf.5 \
		$(DESTDIR)$(UNITDIR)/wuprobe.service $(DESTDIR)$(UNITDIR)/wuprobe.timer \
		$(DESTDIR)$(UNITDIR)/wuprobe-exporter.service \
		$(DESTDIR)$(SYSUSERSDIR)/wuprobe.conf
	scripts/conffile remove $(DESTDIR)$(SYSCONFDIR)/wuprobe/endpoints.conf \
		$(DESTDIR)$(DATADIR)/wuprobe/endpoints.conf
	$(if $(TEXTFILE_DIR),link=$(DESTDIR)$(TEXTFILE_DIR)/wuprobe.prom; \
		[ "$$(readlink "$$link")" != /var/lib/wuprobe/wuprobe.prom ] || rm -f "$$link")

clean:
	rm -rf $(BUILD) wuprobe
