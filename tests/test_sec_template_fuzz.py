"""Property-based: any tag soup in a custom template is rendered or refused with a
message (VbhcError), never a crash, in bounded time; template check never crashes and
reports an error whenever the template itself is refused.

`make test` runs a sample; VBHC_FUZZ_EXAMPLES (as in `make test-slow`) runs more.
"""

from __future__ import annotations

import os
import time
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.test_sec_template import build
from vbhc.errors import VbhcError

EXAMPLES = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 40,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

TOKENS = ["{{", "}}", "{%", "%}", "{#", "#}", "{%p", "{{r", "{{p", " ", " ", " ", "for",
          "in", "if", "endif", "endfor", "else", "set", "=", "x", "loop", ".", "index",
          "cycle", "(", ")", "[", "]", "0", "10", "**", "*", "~", "|", "upper", "join",
          "length", "attr", "'a'", "so_ky_hieu", "than", "kieu", "noi_dung", "ngay_ban_hanh",
          "nam", "__class__", "range", "self", "include", "macro", "endmacro", "recursive",
          "colspan", "vm", "<", "&", '"', ",", "-", "+", "%", "not", "is", "defined",
          "ngay_thang", "list", "{% for a in than %}", "{% endfor %}"]
soups = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@FUZZ
@given(soup=soups)
def test_any_tag_soup_renders_or_is_refused(tmp_path_factory, soup):
    from vbhc.renderer.engine import TemplateRejected
    from vbhc.renderer.template_check import check_template

    folder = tmp_path_factory.mktemp("soup")
    template = build(folder, "x" + escape(soup))
    doc = vbhc.load(PLAN_EXAMPLE)
    start = time.monotonic()
    refused = False
    try:
        vbhc.render_bytes(doc, template)
    except TemplateRejected:
        refused = True
    except VbhcError:
        pass
    problems = check_template(template, "ke-hoach")
    if refused:
        assert any(p.severity == "lỗi" for p in problems), soup
    assert time.monotonic() - start < 60
