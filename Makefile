# Hai lệnh cho máy mới: `make demo` và `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
SEED   := ../shared/seeds/ke-hoach-dan-chu-co-so-lang-son-2024.txt
PLAN   := examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml

.PHONY: demo test test-slow bench schemas templates clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/vbhc render examples/*.yaml -o $(OUT)/ --force
	$(BIN)/vbhc derive $(PLAN) --to "huyện Cao Lộc" -o $(OUT)/ --docx --force
	@if [ -f $(SEED) ]; then \
	  mkdir -p $(OUT)/tu-ban-goc && \
	  $(BIN)/vbhc import $(SEED) -o $(OUT)/tu-ban-goc/ke-hoach-lang-son-2024.yaml --force && \
	  $(BIN)/vbhc derive $(OUT)/tu-ban-goc/ke-hoach-lang-son-2024.yaml --to "huyện Cao Lộc" \
	    -o $(OUT)/tu-ban-goc/ --docx --force; \
	else echo "(Không có $(SEED): bỏ qua bước nhập bản gốc -> dẫn xuất.)"; fi
	@echo "Đã ghi các văn bản vào thư mục $(OUT)/:"
	@find $(OUT) -name '*.docx' | sort

test: $(STAMP)
	$(BIN)/ruff check vbhc tests tools bench
	$(BIN)/pytest

# Kiểm thử dài: thêm 2000 văn bản sinh ngẫu nhiên (hypothesis) cho mỗi phép thử fuzz, và 2000
# đầu vào bị làm hỏng cho mỗi lệnh (render, check, import, derive, template), và 2000 văn bản có
# lỗi gõ (tests/test_invariant_slips.py; `make test` chạy 500).
test-slow: $(STAMP)
	VBHC_FUZZ_EXAMPLES=2000 $(BIN)/pytest tests/test_fuzz.py tests/test_fuzz_entry_points.py \
	  tests/test_invariant_slips.py

# Đo tốc độ (không thuộc bộ kiểm thử): in một bảng.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# Sinh lại các mẫu .docx và JSON Schema từ mã (người phát triển dùng).
templates: $(STAMP)
	$(BIN)/python tools/build_templates.py
	$(BIN)/python -m vbhc.renderer.prepatch

schemas: $(STAMP)
	$(BIN)/python -m vbhc.model.schema schemas/

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
