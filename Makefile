# spconnect — build, test, benchmark, install.
# Every target installs the Debian (and PyPI) packages it needs when they are missing.

SWIFT      ?= swift
PREFIX     ?= /usr/local
RELEASE    := $(SWIFT) build -c release --static-swift-stdlib --product spconnect
DEMO_HOME  ?= $(CURDIR)/.build/demo

.PHONY: all deps build release test fuzz demo bench docs install clean

all: build

deps:
	@scripts/deps.sh build

build: deps
	$(SWIFT) build

release: deps
	$(RELEASE)
	$(SWIFT) build -c release --static-swift-stdlib --product spconnect-dev

## test: builds and runs every test (unit tests, and CLI tests against the built binary).
test:
	@scripts/deps.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## fuzz: the reply parser against 100,000 generated inputs (the test command runs 3,000).
FUZZ_COUNT ?= 100000
fuzz:
	@scripts/deps.sh test
	SPCONNECT_FUZZ_COUNT=$(FUZZ_COUNT) $(SWIFT) test --filter RepliesTests.ReplyFuzzTests

## demo: the main job end to end on the embedded defaults, in a throwaway folder.
demo: release
	@scripts/demo.sh "$$($(RELEASE) --show-bin-path)/spconnect" "$(DEMO_HOME)"

## bench: the performance targets of the issues, against openssl where they compare.
bench: release
	@scripts/deps.sh bench
	python3 scripts/bench.py --bin "$$($(RELEASE) --show-bin-path)/spconnect"

## docs: each library's DocC catalog, built with the toolchain's docc into .build/docs.
docs: build
	@SWIFT="$(SWIFT)" scripts/docs.sh

## install: the release binary, its man page (share/man/man1) and bash, zsh and fish completions;
## BIN=path installs an already built binary instead (the tests use the debug build).
BIN ?=
install: $(if $(BIN),,release)
	@SWIFT="$(SWIFT)" scripts/install.sh "$(if $(BIN),$(BIN),$$($(RELEASE) --show-bin-path)/spconnect)" "$(DESTDIR)$(PREFIX)"

clean:
	rm -rf .build
