"""The one .docx layer the renderer, the checker and the importer stand on.

Split as python-docx splits it (element facts -> part -> proxy) and read as mammoth reads
(one reader per part):

* ``ns``: every namespace URI, ``qn("w:b")`` and ``w("b")`` Clark names;
* ``limits``: the work limits a hostile package cannot exceed, and tolerant number parsing;
* ``package``: the bounded safe package reader (``read_package``) and the deterministic
  package writer (``deterministic_zip``);
* ``styles``: the one style resolver (paragraph, character and table styles, toggle
  properties, theme fonts, document defaults);
* ``text``: the one paragraph walker (what text a paragraph shows, run by run, and which
  paragraphs a story holds);
* ``tables``: where a paragraph sits in a table (table, row, grid column, width);
* ``numbering``: Word list labels from numbering.xml;
* ``measure``: text widths.
"""
