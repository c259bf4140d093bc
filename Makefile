# Hai lệnh cho máy mới: `make demo` và `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out

.PHONY: demo test bench schemas templates clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/vbhc render examples/*.yaml -o $(OUT)/ --force
	@echo "Đã ghi các văn bản vào thư mục $(OUT)/:"
	@ls -1 $(OUT)/*.docx

test: $(STAMP)
	$(BIN)/ruff check vbhc tests tools bench
	$(BIN)/pytest

# Đo tốc độ (không thuộc bộ kiểm thử): in một bảng.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# Sinh lại các mẫu .docx và JSON Schema từ mã (người phát triển dùng).
templates: $(STAMP)
	$(BIN)/python tools/build_templates.py

schemas: $(STAMP)
	$(BIN)/python -m vbhc.model.schema schemas/

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
