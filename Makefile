# starmark: issue and verify GB/T 27922 after-sales service certificates.
#
#   make          build bin/issuer, bin/verifier and bin/verify.cgi
#   make demo     install what the demo needs, build, run the whole story
#   make test     install what is missing, build, run every test
#   make bench    throughput figures beside their references
#   make asan     the same programs with AddressSanitizer and UBSan (bin-asan/)
#   make install  PREFIX=/usr/local DESTDIR=: programs, man pages, templates,
#                 example configurations and systemd units (make uninstall)
#   make deb      the Debian package, into dist/

CC      = gcc
OPTIMIZE ?= -O2 -g
# Each room of the issuer and the verifier is a folder (docs/README.md has
# the map); its headers are found by name, so a file includes "registry.h"
# wherever it lives.
ISSUER_ROOMS   := issuer issuer/registry issuer/certification issuer/keys issuer/publish \
                  issuer/render issuer/report
VERIFIER_ROOMS := verifier verifier/web
INCLUDES := -Icommon $(addprefix -I,$(ISSUER_ROOMS) $(VERIFIER_ROOMS))
# EXTRA_CFLAGS comes last, so it can relax what comes before (make mutants
# builds its deliberate faults with -Wno-error).
CFLAGS  := $(OPTIMIZE) -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -D_POSIX_C_SOURCE=200809L $(INCLUDES) $(EXTRA_CFLAGS)
BIN     ?= bin
BUILD   ?= build

# The version, in one place: the file VERSION (debian/changelog agrees;
# tests/cli/deb.sh checks).
VERSION := $(shell cat VERSION)

# Where `make install` puts things. The programs are built knowing DATADIR,
# where they find the certificate templates (issuer render).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
# verify.cgi is run by a web server, not by people: beside its data.
CGIDIR  ?= $(PREFIX)/lib/starmark
DATADIR ?= $(PREFIX)/share/starmark
MANDIR  ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
CFLAGS  += -I$(BUILD)/generated

PKG_VERIFIER := libcrypto jansson
PKG_VERIFY_CGI := $(PKG_VERIFIER) fcgi
PKG_ISSUER   := libcrypto jansson sqlite3 libqrencode
# The monthly report's workbook (issuer/report/): the issuer alone links it.
PKG_REPORT   := xlsxwriter

# Code both sides share: record format, JWS, keys, dates, scheme.
COMMON_SOURCES := $(sort $(wildcard common/*.c))
# The issuer alone holds private keys, the registry and the renderer.
ISSUER_SOURCES := $(sort $(foreach room,$(ISSUER_ROOMS),$(wildcard $(room)/*.c)))
RENDER_SOURCES := $(sort $(wildcard issuer/render/*.c))

# The command-line verifier: a table of commands (verifier/main.c).
VERIFIER_SOURCES := $(sort $(wildcard verifier/*.c))

# The web endpoint (docs/web-endpoint.md): a CGI program that also speaks
# FastCGI, so only what verifying needs.
VERIFY_CGI_SOURCES := $(sort $(wildcard verifier/web/*.c))

COMMON_OBJECTS := $(COMMON_SOURCES:%.c=$(BUILD)/%.o)
ISSUER_OBJECTS := $(ISSUER_SOURCES:%.c=$(BUILD)/%.o)
VERIFY_CGI_OBJECTS := $(VERIFY_CGI_SOURCES:%.c=$(BUILD)/%.o)

VERIFIER_LIBS = $(shell pkg-config --libs $(PKG_VERIFIER))
ISSUER_LIBS   = $(shell pkg-config --libs $(PKG_ISSUER)) -lhpdf -lm
REPORT_LIBS   = $(shell pkg-config --libs $(PKG_REPORT))
# A CGI process starts per request, and loading it costs as much as the
# verification: a shared libcrypto takes thousands of relocations, and even
# a shared libc alone takes ld.so, ~17,000 relocations and ~300 page faults
# per request. So verify.cgi is linked fully static, and so not PIE (issue
# 5: 2.6 to 1.8 ms of CPU per QR request). The static link prints three
# glibc warnings: dlopen, getaddrinfo and gethostbyname, which libcrypto's
# DSO and BIO socket code reference, would need glibc's shared libraries at
# run time. verify.cgi never loads an engine or opens a socket, so they are
# harmless; they stay visible, as ld's --no-warnings would also hide errors
# (an undefined symbol would link).
# The ASan build cannot be static (its runtime is shared), and valgrind
# cannot check a static program (it replaces malloc through LD_PRELOAD,
# which only ld.so honours): those link the libraries statically and libc
# shared (make asan sets VERIFY_CGI_STATIC empty; the valgrind checks run
# $(BIN)/verify-memcheck.cgi).
# A distribution's package sets VERIFY_CGI_SHARED=yes instead: every library
# shared, so that its security updates of libssl reach verify.cgi too
# (debian/rules; FastCGI makes the start-up cost moot).
VERIFY_CGI_STATIC ?= yes
VERIFY_CGI_PKG_LIBS = $(shell pkg-config --libs $(PKG_VERIFY_CGI))
VERIFY_CGI_SHARED_LIBC = -Wl,-Bstatic $(VERIFY_CGI_PKG_LIBS) -Wl,-Bdynamic
VERIFY_CGI_LIBS = $(if $(VERIFY_CGI_SHARED),$(VERIFY_CGI_PKG_LIBS),\
                  $(if $(VERIFY_CGI_STATIC),-static $(VERIFY_CGI_PKG_LIBS),$(VERIFY_CGI_SHARED_LIBC)))

all: $(BIN)/issuer $(BIN)/verifier $(BIN)/verify.cgi

HEADERS := $(wildcard common/*.h $(addsuffix /*.h,$(ISSUER_ROOMS) $(VERIFIER_ROOMS)))
$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags $(PKG_ISSUER) $(PKG_REPORT)) -c $< -o $@

# What the programs know of their build: the version and where the
# templates are installed. Rewritten only when it changes, so that changing
# PREFIX rebuilds the few objects that include it, and nothing else.
GENERATED := $(BUILD)/generated/build_settings.h
$(GENERATED): VERSION FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' '/* Written by make: the version (VERSION) and DATADIR. */' \
	    '#define STARMARK_VERSION "$(VERSION)"' '#define STARMARK_DATA_DIR "$(DATADIR)"' >$@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi
USES_GENERATED := $(shell grep -l build_settings.h $(COMMON_SOURCES) $(ISSUER_SOURCES) \
                    $(VERIFIER_SOURCES) verifier/web/*.c)
$(USES_GENERATED:%.c=$(BUILD)/%.o): $(GENERATED)

# The shipped scheme files are compiled in (common/schemes_builtin.c).
$(BUILD)/common/schemes_builtin.o: $(wildcard common/schemes/*.json)

$(BIN)/verifier: $(VERIFIER_SOURCES:%.c=$(BUILD)/%.o) $(COMMON_OBJECTS)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VERIFIER_LIBS)

# The pages' layout and words are compiled in (verifier/web/page_text.c).
$(BUILD)/verifier/web/page_text.o: templates/verify-page.html templates/verify-strings.txt

# From an archive, so the linker takes only the shared objects it needs
# (no PDF reading in a web page).
$(BUILD)/libcommon.a: $(COMMON_OBJECTS)
	rm -f $@
	ar rcs $@ $^

$(BIN)/verify.cgi: $(VERIFY_CGI_OBJECTS) $(BUILD)/libcommon.a
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VERIFY_CGI_LIBS)

# The same objects with a shared libc, for the memory checks under valgrind
# in tests/cli/cgi.sh (see VERIFY_CGI_STATIC).
$(BIN)/verify-memcheck.cgi: $(VERIFY_CGI_OBJECTS) $(BUILD)/libcommon.a
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(VERIFY_CGI_SHARED_LIBC)

$(BIN)/issuer: $(ISSUER_OBJECTS) $(COMMON_OBJECTS)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(ISSUER_LIBS) $(REPORT_LIBS)

$(BIN)/unit-tests: $(BUILD)/tests/unit_tests.o $(COMMON_OBJECTS)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(VERIFIER_LIBS)

# Times inclusion proofs over a log's tiles for tests/bench-log.sh.
$(BIN)/bench-tlog: $(BUILD)/tests/bench_tlog.o $(COMMON_OBJECTS)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(VERIFIER_LIBS)

# Drives the renderer alone for tests/cli/render.sh (see tests/render_harness.c).
$(BIN)/render-harness: $(BUILD)/tests/render_harness.o $(COMMON_OBJECTS) \
                       $(RENDER_SOURCES:%.c=$(BUILD)/%.o)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(ISSUER_LIBS)

# What make install writes, and so what make uninstall removes: every
# file is named here once.
TEMPLATE_FILES := $(notdir $(wildcard templates/*.json))
EXAMPLE_FILES  := verify.conf daily.conf nginx-fastcgi.conf nginx-cgi.conf lighttpd.conf
UNIT_FILES     := starmark-daily.service starmark-daily.timer
MAN_PAGES      := issuer.1 verifier.1
INSTALLED := $(BINDIR)/issuer $(BINDIR)/verifier $(CGIDIR)/verify.cgi \
             $(MAN_PAGES:%=$(MANDIR)/man1/%.gz) $(TEMPLATE_FILES:%=$(DATADIR)/templates/%) \
             $(EXAMPLE_FILES:%=$(DATADIR)/examples/%) $(UNIT_FILES:%=$(UNITDIR)/%)
# The folders that are starmark's alone, removed once empty.
INSTALLED_FOLDERS := $(DATADIR)/templates $(DATADIR)/examples $(DATADIR) $(CGIDIR)
# The units and examples name where the programs are.
INSTALL_PATHS := sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@CGIDIR@|$(CGIDIR)|g'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(CGIDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/examples $(DESTDIR)$(UNITDIR)
	install -m 0755 $(BIN)/issuer $(BIN)/verifier $(DESTDIR)$(BINDIR)
	install -m 0755 $(BIN)/verify.cgi $(DESTDIR)$(CGIDIR)
	for page in $(MAN_PAGES); do \
	    gzip -9n <docs/man/$$page >$(DESTDIR)$(MANDIR)/man1/$$page.gz || exit 1; \
	    chmod 0644 $(DESTDIR)$(MANDIR)/man1/$$page.gz; done
	install -m 0644 $(TEMPLATE_FILES:%=templates/%) $(DESTDIR)$(DATADIR)/templates
	for file in $(EXAMPLE_FILES); do \
	    $(INSTALL_PATHS) deploy/$$file >$(DESTDIR)$(DATADIR)/examples/$$file || exit 1; \
	    chmod 0644 $(DESTDIR)$(DATADIR)/examples/$$file; done
	$(INSTALL_PATHS) deploy/systemd/starmark-daily.service.in \
	    >$(DESTDIR)$(UNITDIR)/starmark-daily.service
	install -m 0644 deploy/systemd/starmark-daily.timer $(DESTDIR)$(UNITDIR)
	chmod 0644 $(DESTDIR)$(UNITDIR)/starmark-daily.service

uninstall:
	rm -f $(INSTALLED:%=$(DESTDIR)%)
	rmdir $(INSTALLED_FOLDERS:%=$(DESTDIR)%) 2>/dev/null || true

# The Debian package (debian/): dpkg-buildpackage works on a copy of the
# files git knows (tracked, or new and not ignored), so its clean step
# leaves this tree's build alone; the .deb is copied to $(DIST).
DIST     ?= dist
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
DEB_TREE := $(BUILD)/deb/starmark-$(VERSION)
deb:
	rm -rf $(BUILD)/deb
	mkdir -p $(DEB_TREE) $(DIST)
	git ls-files -z --cached --others --exclude-standard \
	    | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C $(DEB_TREE)
	cd $(DEB_TREE) && dpkg-buildpackage -us -uc -b -j2
	cp $(BUILD)/deb/starmark_$(VERSION)_$(DEB_ARCH).deb $(DIST)/
	@echo $(DIST)/starmark_$(VERSION)_$(DEB_ARCH).deb

setup:
	@tests/setup.sh

# The demo needs the build, the fonts, poppler and zbar, not the test tools.
setup-demo:
	@tests/setup.sh demo

demo: setup-demo all
	@tests/demo.sh

test: setup all $(BIN)/unit-tests $(BIN)/render-harness $(BIN)/verify-memcheck.cgi
	@tests/run.sh

bench: setup all $(BIN)/bench-tlog
	@tests/bench.sh

asan:
	$(MAKE) BIN=bin-asan BUILD=build-asan \
	    OPTIMIZE="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    VERIFY_CGI_STATIC= \
	    bin-asan/issuer bin-asan/verifier bin-asan/verify.cgi bin-asan/unit-tests bin-asan/render-harness

# The Debian package builds its own programs: make test checks it.
test-asan: setup asan
	@STARMARK_BIN=bin-asan STARMARK_SKIP=deb tests/run.sh

# The command-line suites with issuer, verifier and the unit tests under
# valgrind memcheck (tests/lib.sh): any error or definite leak fails. The
# web suites check verify.cgi under valgrind themselves; the tamper, crash
# and PDF suites run under ASan instead, as valgrind would take the better
# part of an hour over them.
VALGRIND_SUITES := unit assessments audit bad-input concurrency interop keys lifecycle migration \
                   progress publication report rerun sm2 tlog verify
test-valgrind: setup all $(BIN)/unit-tests $(BIN)/render-harness $(BIN)/verify-memcheck.cgi
	@STARMARK_VALGRIND=1 STARMARK_SUITES="$(VALGRIND_SUITES)" tests/run.sh

# Fuzzing (issue 6): each parser that takes input from outside has a
# libFuzzer target in tests/fuzz/, seeded from tests/fuzz/seeds/NAME/.
FUZZ_TARGETS  := record payload assessment claim trust published scheme jwk template dates \
                 pdf_record cgi_request cgi_config checkpoint tile bundle proof json
FUZZ_SANITIZE := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS  ?= 60
FUZZ_OBJECTS  := $(COMMON_SOURCES:%.c=build-fuzz/%.o) \
                 $(filter-out build-fuzz/issuer/main.o build-fuzz/issuer/cmd_%,\
                              $(ISSUER_SOURCES:%.c=build-fuzz/%.o)) \
                 $(filter-out build-fuzz/verifier/web/cgi.o,$(VERIFY_CGI_SOURCES:%.c=build-fuzz/%.o))

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_trust_store.c $(FUZZ_OBJECTS)
	clang $(FUZZ_SANITIZE) -fsanitize=fuzzer -std=c17 -Wall -Wextra -Werror \
	    -D_POSIX_C_SOURCE=200809L $(INCLUDES) -Itests/fuzz \
	    $(shell pkg-config --cflags $(PKG_ISSUER)) -o $@ $^ $(ISSUER_LIBS) $(REPORT_LIBS)

fuzz-build:
	$(MAKE) CC=clang BUILD=build-fuzz OPTIMIZE="$(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link" \
	    $(FUZZ_OBJECTS)
	$(MAKE) $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)

fuzz: setup fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Deliberate faults the suites must catch (tests/mutants/): slow, not in CI.
mutants: setup
	@tests/mutants/run.sh

clean:
	rm -rf bin bin-asan build build-asan build-fuzz

.PHONY: all setup setup-demo demo test bench asan test-asan test-valgrind fuzz fuzz-build mutants \
        clean install uninstall deb FORCE
