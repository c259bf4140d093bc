# Hai lệnh cho máy mới: `make demo` và `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
SEED   := ../shared/seeds/ke-hoach-dan-chu-co-so-lang-son-2024.txt
PLAN   := examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml

.PHONY: demo demo-ky test test-slow bench schemas templates clean install

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
	$(BIN)/vbhc sao $(OUT)/ke-hoach-dan-chu-co-so-lang-son-2024.docx \
	  examples/sao/sao-y-ke-hoach-dan-chu-co-so-lang-son-2024.yaml -o $(OUT)/ban-sao/ke-hoach-sao-y.docx --force
	@if [ -f $(SEED) ]; then \
	  mkdir -p $(OUT)/tu-ban-goc && \
	  $(BIN)/vbhc import $(SEED) -o $(OUT)/tu-ban-goc/ke-hoach-lang-son-2024.yaml --force && \
	  $(BIN)/vbhc derive $(OUT)/tu-ban-goc/ke-hoach-lang-son-2024.yaml --to "huyện Cao Lộc" \
	    -o $(OUT)/tu-ban-goc/ --docx --force; \
	else echo "(Không có $(SEED): bỏ qua bước nhập bản gốc -> dẫn xuất.)"; fi
	@rm -f $(OUT)/so-dang-ky.sqlite3
	$(BIN)/vbhc phat-hanh examples/*.yaml --csdl $(OUT)/so-dang-ky.sqlite3 --ngay 10/6/2024 --thieu-ho-ten \
	  -o $(OUT)/phat-hanh/ --force
	$(BIN)/vbhc so-dang-ky danh-sach --csdl $(OUT)/so-dang-ky.sqlite3
	$(BIN)/vbhc so-dang-ky xuat $(OUT)/so-dang-ky.xlsx --csdl $(OUT)/so-dang-ky.sqlite3 --force
	$(BIN)/vbhc so-dang-ky xuat $(OUT)/so-dang-ky.docx --csdl $(OUT)/so-dang-ky.sqlite3 --force
	@if command -v soffice >/dev/null 2>&1; then $(MAKE) --no-print-directory demo-ky; \
	else echo "(Chưa cài LibreOffice: bỏ qua bước PDF/A -> ký số.)"; fi
	@echo "Đã ghi các văn bản vào thư mục $(OUT)/:"
	@find $(OUT) -name '*.docx' -o -name '*.pdf' | sort

# Văn bản điện tử: dựng (có ảnh chữ ký, ảnh dấu) -> PDF/A -> người ký ký số -> cơ quan ký số
# -> kiểm tra; khóa và CA thử nghiệm do tools/test_ca.py tạo (mật khẩu thử: thu-nghiem).
KY := $(OUT)/ky-so
demo-ky: $(STAMP)
	@mkdir -p $(KY)
	$(BIN)/python tools/test_ca.py $(KY)/ca-thu
	$(BIN)/vbhc render examples/ky-so/bao-cao-ky-so.yaml -o $(KY)/bao-cao-ky-so.docx --pdf-a --force
	VBHC_P12_PASS=thu-nghiem $(BIN)/vbhc ky $(KY)/bao-cao-ky-so.pdf --p12 $(KY)/ca-thu/nguoi-ky.p12 \
	  -o $(KY)/bao-cao-ky-so-nguoi-ky.pdf --force
	VBHC_P12_PASS=thu-nghiem $(BIN)/vbhc ky $(KY)/bao-cao-ky-so-nguoi-ky.pdf --vai co-quan \
	  --co-quan "UBND huyện Cao Lộc" --p12 $(KY)/ca-thu/co-quan.p12 -o $(KY)/bao-cao-ky-so-da-ky.pdf --force
	$(BIN)/vbhc ky --kiem-tra $(KY)/bao-cao-ky-so-da-ky.pdf --tin-cay $(KY)/ca-thu/ca.pem

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
	ROWS=$(ROWS) $(BIN)/python -m bench.run

# Sinh lại các mẫu .docx và JSON Schema từ mã (người phát triển dùng).
templates: $(STAMP)
	$(BIN)/python tools/build_templates.py
	$(BIN)/python -m vbhc.renderer.prepatch
	$(BIN)/python -c 'from vbhc.data import main; main()'
	$(BIN)/python -m vbhc.renderer.precompile
	$(BIN)/python -m vbhc.commands._patterns examples/thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml
	$(BIN)/python -m vbhc.commands._ahead examples/thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml

schemas: $(STAMP)
	$(BIN)/python -m vbhc.model.schema schemas/

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
