# The two commands of the README. Both install what is missing first (scripts/setup.sh).
# Tests and the binary use the same (release) profile, so dependencies compile once.

.PHONY: demo test setup bench

setup:
	@./scripts/setup.sh

demo: setup
	cargo run --release -- run --force

test: setup
	cargo test --release

bench: setup
	./scripts/bench.sh
