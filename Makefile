# PelvicNotes: `make run` and `make test` do all setup on a fresh Debian or
# Ubuntu machine that has Go and git.

GO      ?= go
BIN     := bin/pelvicnotes
ARGS    ?=

# What building the desktop app needs (cgo, OpenGL, X11 and Wayland headers).
DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev

# What the tests need besides: pdftotext, to read back the printed documents.
TEST_PACKAGES := poppler-utils

.PHONY: run build test deps test-deps demo clean

## run: install missing system packages, build, and open the app on its default record file
run: build
	./$(BIN) $(ARGS)

## build: build bin/pelvicnotes
build: deps
	$(GO) build -o $(BIN) ./cmd/pelvicnotes

## test: the whole test suite (the store also under the race detector)
test: deps test-deps
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./store ./ui

## demo: open the app on demo.db, 200 synthetic patients (made on first use)
DEMO_PASSPHRASE ?= walnut harbour cobalt meadow
demo: build
	@[ -f demo.db ] || PELVICNOTES_PASSPHRASE="$(DEMO_PASSPHRASE)" ./$(BIN) demo --db demo.db --patients 200
	@echo "The demo file's passphrase is: $(DEMO_PASSPHRASE)"
	./$(BIN) --db demo.db

## deps: install the Debian packages above if any is missing
deps:
	@.ci/install-packages $(DEB_PACKAGES)

test-deps:
	@.ci/install-packages $(TEST_PACKAGES)

clean:
	rm -rf bin
