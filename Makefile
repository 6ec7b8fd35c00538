# qupiya — thin wrapper over CMake/ctest. See README.md.
#   make        build build/qupiya
#   make run    install missing packages, build, create the demo database, serve
#   make test   install missing packages, build, run every test (plain, then ASan+UBSan;
#               the plain pass runs the API tests on SQLite and on PostgreSQL)
#   make test-pg  only the PostgreSQL tests (ctest label postgresql)
#   make bench  build optimised, run qupiya next to its peers (bench/peers) and
#               print one table of ratios; writes docs/performance.md and
#               docs/performance.svg (BENCH_QUICK=1: smaller sizes). The single
#               bench_* programs: bench/run.sh $(BENCH_BUILD)
#   make install  PREFIX (default /usr/local) and DESTDIR honoured: the program,
#               man page, data/, web/ and the hardened systemd unit
#   make fuzz   every fuzz target under libFuzzer for FUZZ_SECONDS (default 60)
BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
MAKEFLAGS  += --no-print-directory
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_DB    ?= demo/qupiya.db
LISTEN     ?= 127.0.0.1:8470
PREFIX     ?= /usr/local
DESTDIR    ?=
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all deps run test test-plain test-asan test-pg bench clean install fuzz

all: $(BUILD)/qupiya

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo --log-level=WARNING

$(BUILD)/qupiya: $(BUILD)/Makefile FORCE
	cmake --build $(BUILD) -j $(JOBS)

FORCE:

deps:
	scripts/install-deps.sh

run: deps all
	scripts/run-demo.sh $(BUILD)/qupiya $(DEMO_DB) $(LISTEN)

test: deps test-plain test-asan

test-plain: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-pg: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L postgresql

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DQUPIYA_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

bench:
	scripts/install-deps.sh --bench
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	bench/compare.sh $(BENCH_BUILD)
	# PostgreSQL's figures next to SQLite's (issue 12), when the server is installed
	if [ -x /usr/lib/postgresql/15/bin/initdb ]; then sh bench/pg.sh $(BENCH_BUILD); fi

# The installed binary finds PREFIX/share/qupiya: configure with PREFIX.
install:
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(BUILD) -j $(JOBS)
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)

fuzz: deps
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD)
