# The two commands of the README. Both install what is missing first (scripts/setup.sh).
# Tests and the binary use the same (release) profile, so dependencies compile once.

.PHONY: demo test setup check-setup bench

setup:
	@./scripts/setup.sh

# Says what is installed and what setup would install, installing nothing.
check-setup:
	@./scripts/setup.sh --check

demo: setup
	cargo run --release -- run --force
	@test -f reports/baseline/report.pdf
	@echo
	@echo "tvetplan: the report is reports/baseline/report.pdf"
	@echo "tvetplan: open it first (targets, gaps and the top options of the demo province); reports/comparison/ then compares it with the 3 example scenarios and the package that meets the 3-school cap"

# Ends with the total over every test binary ("tvetplan: N passed, 0 failed"); fails when a test fails.
test: setup
	@./scripts/test.sh

bench: setup
	./scripts/bench.sh
