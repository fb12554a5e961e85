"""The Word draft read by pandoc (Debian's), as many publishing pipelines read Word.

Pandoc 2.17 takes every paragraph in the style "Caption" holding a SEQ Table field for the caption
of the next table in turn, whatever stands between; a draft with an uncaptioned table would have
its captions shifted onto the wrong tables. Narrator's table captions are in "Table Caption"
(based on Caption: Word's Insert Caption, SEQ fields and tables of figures work alike), and every
table carries its caption in its properties (w:tblCaption), which pandoc reads onto the table
itself. Skips without pandoc (.ci/run installs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from narrator.document.numbering import format_number
from narrator.model import Chart, Heading, Paragraph, Table, plain_text
from narrator.pipeline import writer_options
from narrator.writers import render_docx

PANDOC = shutil.which("pandoc")
pytestmark = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (Debian: apt-get install pandoc)")
DRAFTS = ("default", "starter", "home office")


def stringify(inlines) -> str:
    out = []
    for item in inlines:
        kind, content = item["t"], item.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.append(stringify(content))
        elif kind in ("Span", "Link", "Quoted"):
            out.append(stringify(content[1] if kind != "Link" else content[1]))
    return "".join(out)


def blocks_text(blocks) -> str:
    return " ".join(stringify(b["c"]) for b in blocks if b["t"] in ("Plain", "Para"))


def walk(blocks, found):
    for block in blocks:
        if block["t"] == "Table":
            found.append(block)
        elif block["t"] in ("Div", "BlockQuote"):
            walk(block["c"][-1] if block["t"] == "Div" else block["c"], found)
    return found


@pytest.fixture(scope="module")
def read(reader_drafts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pandoc")
    out = {}
    for name, (project, draft) in reader_drafts.items():
        path = folder / f"{name.replace(' ', '-')}.docx"
        path.write_bytes(render_docx(draft.document, writer_options(project)))
        done = subprocess.run([PANDOC, str(path), "-t", "json"], capture_output=True, text=True, check=True)
        markdown = subprocess.run([PANDOC, str(path), "-t", "markdown", "--wrap=none"], capture_output=True, text=True, check=True)
        out[name] = (draft.document, json.loads(done.stdout), markdown.stdout)
    return out


def reading(read, name):
    if name not in read:
        pytest.skip(f"no {name} draft: the Home Office table is not in shared/public-data")
    return read[name]


@pytest.mark.parametrize("name", DRAFTS)
def test_every_caption_lands_on_its_own_table(read, name):
    document, tree, _ = reading(read, name)
    tables = walk(tree["blocks"], [])
    model = [b for b in document.blocks if isinstance(b, Table) and b.rows]
    assert len(tables) == len(model)
    for table, block in zip(tables, model):
        caption = blocks_text(table["c"][1][1])
        # the title (the caption, else the first heading), then the description pandoc appends to it
        title = " ".join(block.caption.split()) if block.caption else \
            next(" ".join(plain_text(c.runs).split()) for c in block.rows[0].cells if plain_text(c.runs).strip())
        assert caption.startswith(f"{title} A table of "), (block.id, caption)


def test_the_visible_caption_stays_in_the_text_before_its_table_ends(read):
    _, _, markdown = reading(read, "default")
    assert markdown.count("Table 1: Median Prompt Response Times to Domestic Incidents (minutes)") == 1
    assert markdown.index("Median Prompt Response Times to Domestic Incidents (minutes)") < \
        markdown.index("Table 1: Median Prompt Response Times")  # the table (with its caption) comes first


def test_the_legend_names_its_words_and_the_no_test_judgement_is_a_hyphen(read):
    _, _, markdown = reading(read, "default")
    assert "Perf v Benchmark: Lower / Improved a change the test finds, in the direction the force aims for, red in the other direction" in \
        " ".join(markdown.replace("\u00a0", " ").replace("\\", "").split())
    assert "\u2011" not in markdown
    assert [line for line in markdown.splitlines() if line.rstrip().endswith(" \\-")]  # the no-test judgement, a hyphen (escaped)


def images(blocks, found):
    """Every Image inline of a pandoc JSON tree: (alt text, target)."""
    if isinstance(blocks, dict):
        if blocks.get("t") == "Image":
            found.append((stringify(blocks["c"][1]), blocks["c"][2][0]))
        for value in blocks.values():
            images(value, found)
    elif isinstance(blocks, list):
        for item in blocks:
            images(item, found)
    return found


@pytest.mark.parametrize("name", DRAFTS)
def test_every_chart_reaches_pandoc_as_its_picture_with_its_alt_text(read, name):
    """Pandoc drops a Word chart; it takes the chart's first alternative, our own SVG drawing of it."""
    document, tree, markdown = reading(read, name)
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    assert [alt for alt, _ in images(tree["blocks"], [])] == [c.alt_text for c in charts]
    assert all(target.endswith(".svg") for _, target in images(tree["blocks"], []))
    assert "[CHART]" not in markdown


def headings_and_paragraphs(blocks, found):
    """The text of every Header and Para/Plain outside tables, in order."""
    for block in blocks:
        if block["t"] == "Header":
            found.append(stringify(block["c"][2]))
        elif block["t"] in ("Para", "Plain"):
            found.append(stringify(block["c"]))
        elif block["t"] in ("Div", "BlockQuote"):
            headings_and_paragraphs(block["c"][-1] if block["t"] == "Div" else block["c"], found)
        elif block["t"] in ("OrderedList", "BulletList"):
            raise AssertionError("pandoc read a Word list: a number would be its own, not the draft's")
    return found


@pytest.mark.parametrize("name", DRAFTS)
def test_pandoc_reads_every_number_before_its_words(read, name):
    """Numbers are text (SEQ fields' results): "4.3.1 Ahead of …", "# 4.3 Domestic Abuse"."""
    document, tree, markdown = reading(read, name)
    texts = [" ".join(t.split()) for t in headings_and_paragraphs(tree["blocks"], [])]
    numbered = [b for b in document.blocks if isinstance(b, (Heading, Paragraph)) and b.numbered and b.number]
    position = 0
    for block in numbered:
        words = " ".join(plain_text(block.runs).split())[:40]
        found = next(i for i in range(position, len(texts)) if words.split()[0] in texts[i] and texts[i].split(" ", 1)[-1].startswith(words[:20]))
        assert texts[found].startswith(f"{format_number(block.number)} "), (texts[found][:60], format_number(block.number))
        position = found + 1
    if name == "default":
        assert "## 4.3 Domestic Abuse" in markdown and "\n4.3.1 Ahead of the pandemic" in markdown
