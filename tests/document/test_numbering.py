from narrator.document.numbering import format_number, number_blocks
from narrator.model import Heading, Paragraph, Table, Text


def heading(level, numbered=True):
    return Heading(level, (Text("h"),), numbered=numbered)


def para(numbered=True):
    return Paragraph((Text("p"),), numbered=numbered)


def test_headings_and_paragraphs_share_a_counter_per_level():
    blocks = number_blocks([
        heading(1), para(),
        heading(1), para(), para(), heading(2), para(), para(), heading(2), para(),
        heading(1), heading(2), para(), para(numbered=False),
        Table("t", (), caption="A"), Table("u", ()), Table("v", (), caption="B"),
        heading(1, numbered=False), para(numbered=False),
    ])
    numbers = [getattr(b, "number", None) for b in blocks]
    assert numbers == [
        (1,), (1, 1),
        (2,), (2, 1), (2, 2), (2, 3), (2, 3, 1), (2, 3, 2), (2, 4), (2, 4, 1),
        (3,), (3, 1), (3, 1, 1), (),
        1, None, 2,
        (), (),
    ]


def test_format_number():
    assert format_number((4,)) == "4."
    assert format_number((4, 3, 1)) == "4.3.1"
