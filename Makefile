# starmark: issue and verify GB/T 27922 after-sales service certificates.
#
#   make          build bin/issuer, bin/verifier and bin/verify.cgi
#   make demo     install what is missing, build, run the whole story
#   make test     install what is missing, build, run every test
#   make bench    throughput figures beside their references
#   make asan     the same programs with AddressSanitizer and UBSan (bin-asan/)

CC      = gcc
OPTIMIZE ?= -O2 -g
# Each room of the issuer and the verifier is a folder (docs/README.md has
# the map); its headers are found by name, so a file includes "registry.h"
# wherever it lives.
ISSUER_ROOMS   := issuer issuer/registry issuer/certification issuer/keys issuer/publish \
                  issuer/render issuer/report
VERIFIER_ROOMS := verifier verifier/web
INCLUDES := -Icommon $(addprefix -I,$(ISSUER_ROOMS) $(VERIFIER_ROOMS))
CFLAGS  := $(OPTIMIZE) -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -D_POSIX_C_SOURCE=200809L $(INCLUDES)
BIN     ?= bin
BUILD   ?= build

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
VERIFY_CGI_STATIC ?= yes
VERIFY_CGI_PKG_LIBS = $(shell pkg-config --libs $(PKG_VERIFY_CGI))
VERIFY_CGI_SHARED_LIBC = -Wl,-Bstatic $(VERIFY_CGI_PKG_LIBS) -Wl,-Bdynamic
VERIFY_CGI_LIBS = $(if $(VERIFY_CGI_STATIC),-static $(VERIFY_CGI_PKG_LIBS),$(VERIFY_CGI_SHARED_LIBC))

all: $(BIN)/issuer $(BIN)/verifier $(BIN)/verify.cgi

HEADERS := $(wildcard common/*.h $(addsuffix /*.h,$(ISSUER_ROOMS) $(VERIFIER_ROOMS)))
$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags $(PKG_ISSUER) $(PKG_REPORT)) -c $< -o $@

# The shipped scheme files are compiled in (common/schemes_builtin.c).
$(BUILD)/common/schemes_builtin.o: $(wildcard common/schemes/*.json)

$(BIN)/verifier: $(VERIFIER_SOURCES:%.c=$(BUILD)/%.o) $(COMMON_OBJECTS)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(VERIFIER_LIBS)

# The pages' layout and words are compiled in (verifier/web/page_text.c).
$(BUILD)/verifier/web/page_text.o: templates/verify-page.html templates/verify-strings.txt

# From an archive, so the linker takes only the shared objects it needs
# (no PDF reading in a web page).
$(BUILD)/libcommon.a: $(COMMON_OBJECTS)
	rm -f $@
	ar rcs $@ $^

$(BIN)/verify.cgi: $(VERIFY_CGI_OBJECTS) $(BUILD)/libcommon.a
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(VERIFY_CGI_LIBS)

# The same objects with a shared libc, for the memory checks under valgrind
# in tests/cli/cgi.sh (see VERIFY_CGI_STATIC).
$(BIN)/verify-memcheck.cgi: $(VERIFY_CGI_OBJECTS) $(BUILD)/libcommon.a
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(VERIFY_CGI_SHARED_LIBC)

$(BIN)/issuer: $(ISSUER_OBJECTS) $(COMMON_OBJECTS)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) -o $@ $^ $(ISSUER_LIBS) $(REPORT_LIBS)

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

setup:
	@tests/setup.sh

demo: setup all
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

test-asan: setup asan
	@STARMARK_BIN=bin-asan tests/run.sh

# The command-line suites with issuer, verifier and the unit tests under
# valgrind memcheck (tests/lib.sh): any error or definite leak fails. The
# web suites check verify.cgi under valgrind themselves; the tamper, crash
# and PDF suites run under ASan instead, as valgrind would take the better
# part of an hour over them.
VALGRIND_SUITES := unit assessments audit bad-input concurrency interop keys lifecycle migration tlog \
                   publication report verify
test-valgrind: setup all $(BIN)/unit-tests $(BIN)/render-harness $(BIN)/verify-memcheck.cgi
	@STARMARK_VALGRIND=1 STARMARK_SUITES="$(VALGRIND_SUITES)" tests/run.sh

# Fuzzing (issue 6): each parser that takes input from outside has a
# libFuzzer target in tests/fuzz/, seeded from tests/fuzz/seeds/NAME/.
FUZZ_TARGETS  := record payload assessment claim trust published scheme jwk template dates \
                 pdf_record cgi_request cgi_config checkpoint tile bundle proof
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

.PHONY: all setup demo test bench asan test-asan test-valgrind fuzz fuzz-build mutants clean
