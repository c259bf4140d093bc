"""A cold `vbhc render` (issue 21) skips work it does not need and still does what it did:
pydantic's plugin scan only when no plugin is installed. The speed itself is measured in
`make bench` (row group ``cold``), never here."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from vbhc import cli
from vbhc.commands import _startup

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "examples" / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"

_RENDER = """
import sys
sys.argv = ["vbhc", "render", sys.argv[1], "-o", sys.argv[2]]
try:
    from vbhc.cli import run
    run()
except SystemExit as exc:
    assert not exc.code, exc.code
print(" ".join(sorted(sys.modules)))
"""

_PLUGIN = '''
from pathlib import Path


class Plugin:
    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind,
                             config, plugin_settings):
        Path(__file__).with_name("used").write_text("yes")
        return None, None, None


plugin = Plugin()
'''


def _render(tmp_path: Path, pythonpath: str = "") -> set[str]:
    env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else dict(os.environ)
    done = subprocess.run([sys.executable, "-c", _RENDER, str(SMALL), str(tmp_path / "x.docx")],
                          capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert (tmp_path / "x.docx").is_file()
    return set(done.stdout.split())


def test_cold_render_does_not_import_importlib_metadata(tmp_path):
    loaded = _render(tmp_path)
    assert "pydantic" in loaded
    assert "importlib.metadata" not in loaded
    assert "email" not in loaded


def test_an_installed_pydantic_plugin_is_still_loaded_and_used(tmp_path):
    site = tmp_path / "site"
    (site / "probe-1.0.dist-info").mkdir(parents=True)
    (site / "probe-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: probe\nVersion: 1.0\n")
    (site / "probe-1.0.dist-info" / "entry_points.txt").write_text(
        "[pydantic]\nprobe = vbhc_plugin_probe:plugin\n")
    (site / "vbhc_plugin_probe.py").write_text(_PLUGIN)
    loaded = _render(tmp_path, str(site))
    assert "importlib.metadata" in loaded
    assert (site / "used").read_text() == "yes"


def test_plugin_declarations_are_found_in_dist_and_egg_info(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(tmp_path)])
    (tmp_path / "a-1.0.dist-info").mkdir()
    (tmp_path / "a-1.0.dist-info" / "entry_points.txt").write_text(
        "[console_scripts]\na = a:main\n")
    (tmp_path / "b.egg-info").write_text("not a folder")
    assert not _startup._declares_pydantic_plugin()
    (tmp_path / "C-2.0.EGG-INFO").mkdir()
    (tmp_path / "C-2.0.EGG-INFO" / "entry_points.txt").write_text(" [pydantic] \nc = c:p\n")
    assert _startup._declares_pydantic_plugin()


def test_a_zip_on_sys_path_leaves_the_scan_to_pydantic(tmp_path, monkeypatch):
    archive = tmp_path / "lib.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("x.py", "")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert _startup._declares_pydantic_plugin()


def test_imports_with_the_collector_paused_put_it_back():
    import gc

    from vbhc.commands._common import gc_paused, import_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        import_paused("vbhc.errors")
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_stored_tables_are_the_yaml_tables_as_read():
    from importlib.resources import files

    from vbhc import data

    folder = Path(str(files("vbhc.data").joinpath(data.PARSED)))
    on_disk = {p.name: p.read_text("utf-8") for p in folder.glob("*.json")}
    assert on_disk == data.stored_tables(), "chạy: make templates"
    assert len(on_disk) >= 30
    for path in sorted(Path(str(files("vbhc.data"))).rglob("*.yaml")):
        text = path.read_text("utf-8")
        if f"{data._digest(text)}.json" in on_disk:
            assert data.same_objects(data.data_yaml(text), data._parse(text)), path


def test_a_table_not_stored_is_read_by_pyyaml():
    from vbhc import data

    text = "a: 2024-06-15\nb: [1, true, 'x']\n"
    assert data._stored(text) is None
    assert data.data_yaml(text) == {"a": __import__("datetime").date(2024, 6, 15),
                                    "b": [1, True, "x"]}
    assert not data.same_objects([1], [True])
    assert not data.same_objects({"a": 1, "b": 2}, {"b": 2, "a": 1})


def test_the_compiled_parts_are_the_shipped_templates_as_the_sandbox_compiles_them():
    from importlib.resources import files

    from vbhc.renderer import precompile, sandbox

    folder = Path(str(files("vbhc.data").joinpath(sandbox.COMPILED)))
    on_disk = {p.name: p.read_text("utf-8") for p in folder.glob("*.pyj")}
    assert on_disk == precompile.stored_code(), "chạy: make templates"
    env = sandbox.jinja_env()
    for source in precompile.shipped_sources():
        tree = env.parse(source)
        code = env.compile(tree)
        assert code.co_filename == "<template>"
        assert code == env._compile(env.compile(tree, raw=True), "<template>")
        assert sandbox.compiled_ahead(source) is not None


def test_a_template_not_shipped_is_compiled_in_the_sandbox():
    import pytest
    from jinja2 import TemplateSyntaxError

    from vbhc.renderer import precompile, sandbox

    env = sandbox.jinja_env()
    source = precompile.shipped_sources()[0]
    assert sandbox.compiled_ahead(source + " ") is None
    assert sandbox.compiled_ahead("{% include 'x' %}") is None
    with pytest.raises(TemplateSyntaxError, match="include"):
        env.from_string(source + "{% include 'x' %}")
    assert env.from_string(source.replace("{{", "{{ 'x' ~ ", 1)) is not None


def test_one_document_is_rendered_with_the_collector_off_and_it_is_back_on_after(
        tmp_path, monkeypatch):
    import gc

    from click.testing import CliRunner

    from vbhc import batch

    seen = []
    made = batch._made  # what render_one and a batch's render_series make each document with

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return made(*args, **kwargs)

    monkeypatch.setattr(batch, "_made", watched)
    one = CliRunner().invoke(cli.main, ["render", str(SMALL), "-o", str(tmp_path / "x.docx")])
    assert one.exit_code == 0, one.output
    assert seen == [False]
    assert gc.isenabled()
    two = CliRunner().invoke(cli.main, ["render", str(SMALL), str(SMALL.with_name(
        "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")), "-o", f"{tmp_path}/hai/"])
    assert two.exit_code == 0, two.output
    assert seen == [False, True, True]  # a batch keeps the collector on
    gc.unfreeze()


_IMPORTS = """
import gc, sys
before = set(sys.modules)
gc.disable() if sys.argv[1] == "off" else None
import vbhc
light = sorted(set(sys.modules) - before - {"vbhc", "__future__"})
frozen = gc.get_freeze_count()
import vbhc.cli
print(light, gc.isenabled(), frozen == 0, gc.get_freeze_count() > 0)
"""


def test_import_vbhc_imports_nothing_more_and_the_cli_imports_freeze():
    """``import vbhc`` loads no other module (the command's imports come later, with the
    collector paused); importing vbhc.cli freezes what its imports made and leaves the
    collector on or off as it found it."""
    for state, on in (("on", True), ("off", False)):
        done = subprocess.run([sys.executable, "-c", _IMPORTS, state], capture_output=True,
                              text=True, check=True, cwd=ROOT)
        assert done.stdout.split() == ["[]", str(on), "True", "True"], done.stdout


def test_a_command_module_is_imported_frozen_once():
    import gc

    before = gc.get_freeze_count()
    assert _startup.frozen_import("vbhc.commands.bang_chu") is sys.modules["vbhc.commands.bang_chu"]
    assert gc.isenabled()
    after = gc.get_freeze_count()
    assert _startup.frozen_import("vbhc.commands.bang_chu") is sys.modules["vbhc.commands.bang_chu"]
    assert gc.get_freeze_count() == after >= before
    gc.unfreeze()


def test_data_files_read_on_a_cold_start_come_from_their_stored_copy_unchanged():
    """yaml_in.data_file (nd30.yaml, mau-bat-buoc.yaml, loi-pydantic.yaml) reads the JSON
    copy make templates stored for the text: the same objects as PyYAML's, and any other
    text is still read by PyYAML."""
    from importlib.resources import files

    import yaml

    from vbhc.data import _stored
    from vbhc.yaml_in import data_file

    for name in ("nd30.yaml", "mau-bat-buoc.yaml", "loi-pydantic.yaml"):
        text = files("vbhc.data").joinpath(name).read_text("utf-8")
        assert _stored(text) is not None, name
        assert data_file(text) == yaml.safe_load(text)
    assert data_file("a: [1, 2.5, yes, 2024-06-15]\n") == yaml.safe_load(
        "a: [1, 2.5, yes, 2024-06-15]\n")
