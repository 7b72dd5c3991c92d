# litewire: thin wrappers around scripts/ and CMake. See README.md.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

.PHONY: all deps deps-build configure build run test test-asan bench docker clean format

all: build

deps:
	scripts/install-deps.sh

deps-build:
	scripts/install-deps.sh --build-only

configure:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Installs, builds Release and starts litewire in local mode on ./data, 127.0.0.1:5432, trust auth.
run: deps-build
	$(MAKE) build LITEWIRE_BUILD_TESTS=OFF CMAKE_FLAGS="-DLITEWIRE_BUILD_TESTS=OFF $(CMAKE_FLAGS)"
	$(BUILD_DIR)/litewire serve --data-dir ./data --host 127.0.0.1 --port 5432 --auth trust

# Installs everything, builds, runs every test through ctest.
test: deps
	$(MAKE) build CMAKE_FLAGS="-DLITEWIRE_BUILD_TESTS=ON -DLITEWIRE_WERROR=ON $(CMAKE_FLAGS)"
	cd $(BUILD_DIR) && ctest --output-on-failure -j 2 $(CTEST_FLAGS)

test-asan: deps
	$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_FLAGS="-DLITEWIRE_SANITIZE=ON"

bench: deps
	$(MAKE) build CMAKE_FLAGS="-DLITEWIRE_BUILD_BENCH=ON $(CMAKE_FLAGS)"
	bench/run.sh $(if $(QUICK),--quick,)

docker:
	docker build -f docker/Dockerfile -t litewire .

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD_DIR)
