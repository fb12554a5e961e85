"""Writing drafts: atomic writes, the fingerprint a draft carries, and the guard that uses it."""

import io
import os
import stat
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from narrator.drafts import files
from narrator.drafts.files import (
    DraftProtected,
    WriteFailed,
    check_overwrite,
    draft_state,
    stamp,
    stamp_docx,
    stamp_markdown,
    write_atomically,
    write_draft,
)
from narrator.errors import InputError
from narrator.pipeline import render

ADVICE = "use --out to write the new draft elsewhere, or --force to replace it"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


@pytest.fixture(scope="module")
def rendered(example_draft):
    """The current writer's .docx of the example, before stamping."""
    return render(example_draft.document, "docx")


@pytest.fixture(scope="module")
def stamped(rendered):
    return stamp_docx(rendered)


def members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def order(data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [info.filename for info in package.infolist()]


def fingerprint_of(data):
    root = etree.fromstring(members(data)["docProps/custom.xml"])
    values = [p.findtext("{*}lpwstr") for p in root.findall(f"{{{CUSTOM_NS}}}property") if p.get("name") == "NarratorFingerprint"]
    assert len(values) == 1
    return values[0]


def repack(parts, names=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names or parts:
            target.writestr(name, parts[name])
    return out.getvalue()


def edited_in_word(data, text="The analyst's own sentence."):
    """What a save by a word processor does: content rewritten, custom properties kept."""
    document = docx.Document(io.BytesIO(data))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- atomic writes


def test_writes_through_a_temporary_file_with_ordinary_permissions(tmp_path):
    target = tmp_path / "draft.docx"
    old = os.umask(0o022)
    try:
        write_atomically(target, b"first")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]  # no temporary file left


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "draft.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "draft.docx"
    target.write_bytes(b"the analyst's draft")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(WriteFailed) as caught:
        write_atomically(target, b"x" * 1000)
    assert str(caught.value) == f"{target}: could not be written (No space left on device); the file already there is unchanged"
    assert target.read_bytes() == b"the analyst's draft"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]


def test_a_failed_rename_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "draft.md"

    def crash(*args):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(WriteFailed) as caught:
        write_atomically(target, b"text")
    assert str(caught.value) == f"{target}: could not be written (Input/output error); nothing was written"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "create", refuse)
    with pytest.raises(WriteFailed) as caught:
        write_atomically(tmp_path / "draft.md", b"text")
    assert str(caught.value) == f"{tmp_path / 'draft.md'}: cannot write in {tmp_path} (Permission denied)"


# --------------------------------------------------------------------------- the .docx fingerprint


def test_the_stamp_is_a_custom_document_property(stamped):
    parts = members(stamped)
    assert fingerprint_of(stamped).startswith("sha256:") and len(fingerprint_of(stamped)) == 7 + 64
    rels = etree.fromstring(parts["_rels/.rels"])
    assert [r.get("Target") for r in rels if r.get("Type").endswith("/custom-properties")] == ["docProps/custom.xml"]
    types = etree.fromstring(parts["[Content_Types].xml"])
    assert [o.get("ContentType") for o in types if o.get("PartName") == "/docProps/custom.xml"] == [
        "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    ]


def test_the_stamp_touches_no_other_part(rendered, stamped):
    before, after = members(rendered), members(stamped)
    assert order(stamped) == [*order(rendered), "docProps/custom.xml"]
    for name, content in before.items():
        if name not in ("_rels/.rels", "[Content_Types].xml"):
            assert after[name] == content, name
    assert [n for n in before if n.startswith("customXml/")]  # the writer's customXml parts, kept as they were


def test_the_stamped_draft_opens_in_python_docx(rendered, stamped):
    assert [p.text for p in docx.Document(io.BytesIO(stamped)).paragraphs] == [
        p.text for p in docx.Document(io.BytesIO(rendered)).paragraphs
    ]


def test_stamping_is_deterministic_and_idempotent(rendered, stamped):
    assert stamp_docx(rendered) == stamped
    assert stamp_docx(stamped) == stamped
    with zipfile.ZipFile(io.BytesIO(stamped)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_other_custom_properties_are_kept(rendered):
    parts = members(stamp_docx(rendered))
    parts["docProps/custom.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Department">'
        b"<vt:lpwstr>Analysis</vt:lpwstr></property></Properties>"
    )
    restamped = stamp_docx(repack(parts))
    root = etree.fromstring(members(restamped)["docProps/custom.xml"])
    assert [(p.get("name"), p.get("pid")) for p in root] == [("Department", "2"), ("NarratorFingerprint", "3")]
    assert draft_state_of(restamped) == "unchanged"


def draft_state_of(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.docx"
        path.write_bytes(data)
        return draft_state(path)


def test_states_of_a_docx(rendered, stamped):
    assert draft_state_of(stamped) == "unchanged"
    assert draft_state_of(rendered) == "foreign"  # no fingerprint: not Narrator's
    assert draft_state_of(edited_in_word(stamped)) == "changed"


def test_any_change_outside_docprops_is_a_change(stamped):
    for name in ("word/document.xml", "word/styles.xml", "customXml/item1.xml"):
        parts = members(stamped)
        parts[name] = parts[name] + b"\n"
        assert draft_state_of(repack(parts)) == "changed", name


def test_a_new_part_is_a_change(stamped):
    parts = members(stamped)
    parts["word/media/image1.png"] = b"\x89PNG"
    assert draft_state_of(repack(parts)) == "changed"


def test_properties_and_member_order_are_not_the_analysts_work(stamped):
    parts = members(stamped)
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(b"POLICE", b"Police")
    assert draft_state_of(repack(parts, sorted(parts, reverse=True))) == "unchanged"


def test_a_lost_fingerprint_is_a_foreign_file(stamped):
    parts = members(stamped)
    del parts["docProps/custom.xml"]
    assert draft_state_of(repack(parts)) == "foreign"
    parts = members(stamped)
    parts["docProps/custom.xml"] = b"not xml"
    assert draft_state_of(repack(parts)) == "foreign"


def test_a_damaged_zip_is_a_foreign_file(stamped):
    assert draft_state_of(stamped[: len(stamped) // 2]) == "foreign"


# --------------------------------------------------------------------------- the Markdown fingerprint


def test_markdown_stamp_is_a_last_comment_line():
    stamped_md = stamp_markdown(b"# Title\n\nText.\n")
    head, last = stamped_md.rsplit(b"\n", 2)[0], stamped_md.splitlines()[-1]
    assert head == b"# Title\n\nText."
    assert last.startswith(b"<!-- narrator-fingerprint: sha256:") and last.endswith(b" -->")
    assert stamp_markdown(b"no newline") == b"no newline\n" + stamp_markdown(b"no newline\n")[len(b"no newline\n"):]
    assert stamp(b"x\n", "md") == stamp_markdown(b"x\n")


@pytest.mark.parametrize(
    "content, state",
    [
        (stamp_markdown(b"# Title\n\nText.\n"), "unchanged"),
        (stamp_markdown(b"# Title\n\nText.\n").replace(b"Text.", b"Text, edited."), "changed"),
        (stamp_markdown(b"# Title\n\nText.\n").replace(b"\n", b"\r\n"), "changed"),
        (stamp_markdown(b"# Title\n\nText.\n") + b"A paragraph added below.\n", "foreign"),
        (b"# My own notes\n", "foreign"),
        (b"", "empty"),
    ],
    ids=["as written", "edited", "line endings changed", "text after the fingerprint", "someone else's file", "empty"],
)
def test_states_of_a_markdown_file(tmp_path, content, state):
    path = tmp_path / "draft.md"
    path.write_bytes(content)
    assert draft_state(path) == state


def test_an_absent_file(tmp_path):
    assert draft_state(tmp_path / "draft.md") == "absent"


# --------------------------------------------------------------------------- the guard


def test_an_unchanged_draft_is_replaced(tmp_path, rendered, stamped):
    path = tmp_path / "report.docx"
    path.write_bytes(stamped)
    write_draft(path, rendered, "docx")
    assert path.read_bytes() == stamped
    write_draft(path, b"# New\n", "md")  # a different draft, even a different format, replaces it
    assert draft_state(path) == "unchanged"


@pytest.mark.parametrize(
    "content, message",
    [
        ("edited", "edited since Narrator wrote it, so it was not overwritten; " + ADVICE),
        ("foreign", "not a draft Narrator wrote (it carries no Narrator fingerprint), so it was not overwritten; " + ADVICE),
    ],
)
def test_an_edited_or_foreign_file_is_refused(tmp_path, rendered, stamped, content, message):
    path = tmp_path / "report.docx"
    data = edited_in_word(stamped) if content == "edited" else rendered
    path.write_bytes(data)
    with pytest.raises(DraftProtected) as caught:
        write_draft(path, rendered, "docx")
    assert str(caught.value) == f"{path}: {message}"
    assert isinstance(caught.value, InputError)
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
    write_draft(path, rendered, "docx", force=True)
    assert path.read_bytes() == stamp_docx(rendered)


def test_an_edited_markdown_draft_is_refused(tmp_path):
    path = tmp_path / "report.md"
    write_draft(path, b"# Draft\n\nNarrator's words.\n", "md")
    path.write_bytes(path.read_bytes().replace(b"Narrator's words.", b"The analyst's words."))
    with pytest.raises(DraftProtected, match="edited since Narrator wrote it"):
        write_draft(path, b"# Draft\n\nNew words.\n", "md")
    assert b"The analyst's words." in path.read_bytes()


def test_an_empty_file_is_replaced(tmp_path):
    path = tmp_path / "report.md"
    path.write_bytes(b"")
    write_draft(path, b"# Draft\n", "md")
    assert draft_state(path) == "unchanged"


def test_the_destination_must_be_a_file_in_a_folder(tmp_path):
    with pytest.raises(InputError) as caught:
        check_overwrite(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder; --out must name a file"
    with pytest.raises(InputError) as caught:
        check_overwrite(tmp_path / "nowhere" / "report.md", force=True)
    assert str(caught.value) == f"{tmp_path / 'nowhere' / 'report.md'}: folder {tmp_path / 'nowhere'} does not exist"


# --------------------------------------------------------------------------- attachments

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"/>\n'


def test_attachments_are_written_beside_the_draft_with_their_own_fingerprint(tmp_path):
    path = tmp_path / "report.md"
    write_draft(path, b"# Draft\n![a chart](report-m.svg)\n", "md", attachments={"report-m.svg": SVG})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report-m.svg", "report.md"]
    assert (tmp_path / "report-m.svg").read_bytes() == stamp_markdown(SVG)
    assert draft_state(tmp_path / "report-m.svg") == "unchanged"
    etree.fromstring((tmp_path / "report-m.svg").read_bytes())  # still an SVG: the stamp is an XML comment
    write_draft(path, b"# Again\n", "md", attachments={"report-m.svg": SVG})  # unchanged files are replaced


def test_an_edited_attachment_stops_the_whole_write(tmp_path):
    path = tmp_path / "report.md"
    write_draft(path, b"# Draft\n", "md", attachments={"report-m.svg": SVG})
    image = tmp_path / "report-m.svg"
    image.write_bytes(image.read_bytes().replace(b"<svg", b"<svg width='9'"))  # the analyst touched it up
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(DraftProtected) as caught:
        write_draft(path, b"# New draft\n", "md", attachments={"report-m.svg": SVG})
    assert str(caught.value) == f"{image}: edited since Narrator wrote it, so it was not overwritten; {ADVICE}"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # neither file changed
    write_draft(path, b"# New draft\n", "md", force=True, attachments={"report-m.svg": SVG})
    assert image.read_bytes() == stamp_markdown(SVG)


def test_a_failed_write_of_one_file_changes_none(tmp_path, monkeypatch):
    path = tmp_path / "report.md"
    write_draft(path, b"# Old\n", "md", attachments={"report-m.svg": SVG})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []

    def full_disk_on_the_second(descriptor):
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk_on_the_second)
    with pytest.raises(WriteFailed):
        write_draft(path, b"# New\n", "md", attachments={"report-m.svg": SVG + b"<!-- new -->\n"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temporary file left either


def test_an_attachment_name_must_be_a_plain_file_name(tmp_path):
    with pytest.raises(ValueError):
        write_draft(tmp_path / "report.md", b"# Draft\n", "md", attachments={"../elsewhere.svg": SVG})
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- paths that are not ordinary files (issue 13)


def test_a_symbolic_link_is_written_through_to_its_file(tmp_path):
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "report.md"
    link = tmp_path / "report.md"
    link.symlink_to(Path("shared") / "report.md")
    write_draft(link, b"# First\n", "md")  # a link to a file not yet made: the file is made
    assert link.is_symlink() and draft_state(target) == "unchanged"
    write_draft(link, b"# Second\n", "md")  # an unchanged draft behind the link is replaced
    assert link.is_symlink() and target.read_bytes().startswith(b"# Second\n")
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["report.md"]  # no temporary file left


def test_an_edited_draft_behind_a_link_is_protected(tmp_path):
    target = tmp_path / "real.md"
    write_draft(target, b"# Draft\n", "md")
    target.write_bytes(target.read_bytes().replace(b"# Draft", b"# Draft, with the analyst's words"))
    edited = target.read_bytes()
    link = tmp_path / "report.md"
    link.symlink_to(target)
    with pytest.raises(DraftProtected) as caught:
        write_draft(link, b"# New\n", "md")
    assert str(caught.value) == f"{link}: edited since Narrator wrote it, so it was not overwritten; {ADVICE}"
    assert target.read_bytes() == edited and link.is_symlink()


def test_a_path_through_a_linked_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "drafts").symlink_to(tmp_path / "real", target_is_directory=True)
    write_draft(tmp_path / "drafts" / "report.md", b"# Draft\n", "md")
    assert draft_state(tmp_path / "real" / "report.md") == "unchanged"


def test_a_link_that_loops_and_a_link_into_a_missing_folder(tmp_path):
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    with pytest.raises(InputError) as caught:
        check_overwrite(tmp_path / "a.md", force=True)
    assert str(caught.value) == f"{tmp_path / 'a.md'}: is a symbolic link that leads round in a loop; --out must name an ordinary file"
    (tmp_path / "c.md").symlink_to(tmp_path / "gone" / "c.md")
    with pytest.raises(InputError) as caught:
        write_atomically(tmp_path / "c.md", b"text")
    assert str(caught.value) == f"{tmp_path / 'c.md'}: is a symbolic link to {tmp_path / 'gone' / 'c.md'}, in a folder that does not exist"


@pytest.mark.parametrize("force", [False, True])
def test_a_device_is_never_replaced_or_read(tmp_path, force):
    before = os.stat("/dev/null")
    for path in (Path("/dev/null"), Path("/dev/zero")):  # /dev/zero would never end if read
        with pytest.raises(InputError) as caught:
            check_overwrite(path, force=force)
        assert str(caught.value) == f"{path}: is a device, not a file; --out must name an ordinary file"
    link = tmp_path / "report.docx"
    link.symlink_to("/dev/null")
    with pytest.raises(InputError, match="is a device, not a file"):
        write_atomically(link, b"text")
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)


@pytest.mark.parametrize("force", [False, True])
def test_a_named_pipe_is_refused_without_blocking(tmp_path, force):
    import threading

    pipe = tmp_path / "report.md"
    os.mkfifo(pipe)

    def unblock():  # should the pipe be opened for reading, a writer arrives: the test then fails rather than hangs
        with open(pipe, "wb"):
            pass

    timer = threading.Timer(5, unblock)
    timer.start()
    try:
        with pytest.raises(InputError) as caught:
            check_overwrite(pipe, force=force)
        assert str(caught.value) == f"{pipe}: is a named pipe, not a file; --out must name an ordinary file"
        with pytest.raises(InputError):
            write_atomically(pipe, b"text")
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    finally:
        timer.cancel()


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "report.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(InputError) as caught:
            check_overwrite(path, force=True)
    assert str(caught.value) == f"{path}: is a socket, not a file; --out must name an ordinary file"


def as_an_ordinary_user(code: str) -> str:
    """Run ``code`` (Python, printing a result) as a user without root's powers over permissions."""
    import subprocess
    import sys

    command = [sys.executable, "-c", code]
    if os.geteuid() == 0:  # root may write anywhere: the check is only real for another user
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def open_folder():
    """A folder any user may enter (pytest's own are private to their owner)."""
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="narrator-permissions-"))
    folder.chmod(0o777)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777)
    shutil.rmtree(folder)


def test_a_folder_without_write_permission_is_refused_before_any_work(open_folder):
    folder = open_folder / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    result = as_an_ordinary_user(
        "from narrator.drafts.files import check_overwrite\n"
        f"try:\n    check_overwrite({str(folder / 'report.md')!r})\nexcept Exception as error:\n    print(type(error).__name__, error)"
    )
    assert result == f"WriteFailed {folder / 'report.md'}: cannot write in {folder} (Permission denied); use --out to write the draft elsewhere"
    assert list(folder.iterdir()) == []


def test_a_file_without_read_permission_is_not_replaced_unseen(open_folder):
    path = open_folder / "report.md"
    path.write_bytes(b"the analyst's draft")
    path.chmod(0o200)
    result = as_an_ordinary_user(
        "from narrator.drafts.files import check_overwrite\n"
        f"try:\n    check_overwrite({str(path)!r})\nexcept Exception as error:\n    print(type(error).__name__, error)"
    )
    assert result == f"WriteFailed {path}: cannot be read to check it is safe to replace (Permission denied)"
    assert path.read_bytes() == b"the analyst's draft"


# --------------------------------------------------------------------------- refreshed drafts and backups


def test_a_refreshed_draft_has_its_own_fingerprint_and_is_never_replaced_by_a_build(tmp_path, rendered, stamped):
    refreshed = files.stamp(rendered, "docx", refreshed=True)
    assert fingerprint_of(refreshed) == "refreshed:" + fingerprint_of(stamped)
    assert draft_state_of(refreshed) == "refreshed"
    assert draft_state_of(edited_in_word(refreshed)) == "changed"
    path = tmp_path / "report.docx"
    path.write_bytes(refreshed)
    with pytest.raises(DraftProtected) as caught:
        write_draft(path, rendered, "docx")
    assert str(caught.value) == f"{path}: written by narrator refresh, so it holds your edits, and it was not overwritten; {ADVICE}"
    assert path.read_bytes() == refreshed


def test_a_backup_takes_the_first_free_name_beside_the_draft(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"first")
    assert files.replace_keeping_backup(path, b"second") == tmp_path / "report.backup.docx"
    assert files.replace_keeping_backup(path, b"third") == tmp_path / "report.backup-2.docx"
    assert [(p.name, p.read_bytes()) for p in sorted(tmp_path.iterdir())] == [
        ("report.backup-2.docx", b"second"), ("report.backup.docx", b"first"), ("report.docx", b"third"),
    ]


def test_a_failed_backup_leaves_the_draft_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "report.docx"
    path.write_bytes(b"the analyst's work")
    monkeypatch.setattr(files.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(WriteFailed, match=r"report.backup.docx: could not be written \(No space left on device\); nothing was written"):
        files.replace_keeping_backup(path, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"] and path.read_bytes() == b"the analyst's work"


# --------------------------------------------------------------------------- names, temporary files, backups (issue 22)


def test_a_valid_250_byte_name_is_written(tmp_path):
    target = tmp_path / ("é" * 123 + "x.md")  # 246 + 4 = 250 bytes
    assert len(target.name.encode()) == 250
    write_draft(target, b"# Draft\n", "md")
    assert target.read_bytes().startswith(b"# Draft\n") and [p.name for p in tmp_path.iterdir()] == [target.name]


def test_names_too_long_or_not_utf8_are_one_line(tmp_path):
    from narrator.drafts.files import check_name

    check_name(tmp_path / ("x" * 252 + ".md"))  # 255 bytes: allowed
    with pytest.raises(InputError) as caught:
        check_name(Path("y" * 253 + ".md"))
    assert str(caught.value) == f"{'y' * 80}…: the name {'y' * 80}… is 256 bytes long; a file name may have at most 255 (use a shorter --out)"
    deep = Path("/".join(["d" * 200] * 21) + "/r.md")
    with pytest.raises(InputError) as caught:
        check_name(deep)
    assert str(caught.value) == f"{str(deep)[:80]}…: the path is 4,225 bytes long; a path may have at most 4,095 (use a shorter --out)"
    with pytest.raises(InputError) as caught:
        check_name(Path(os.fsdecode(b"r\xff.md")))
    assert str(caught.value) == "r\ufffd.md: the name is not UTF-8 text (byte 0xFF); give the draft a name of UTF-8 text"


def test_a_temporary_file_a_killed_run_left_is_removed_by_the_next(tmp_path):
    target = tmp_path / "report.md"
    stale = tmp_path / ".report.md.k3j9x0ab.tmp"
    stale.write_bytes(b"half a draft")
    other = tmp_path / ".other.md.k3j9x0ab.tmp"  # beside another target: not this write's to remove
    other.write_bytes(b"half")
    mine = tmp_path / "notes.tmp"
    mine.write_bytes(b"the analyst's")
    write_draft(target, b"# Draft\n", "md")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.md.k3j9x0ab.tmp", "notes.tmp", "report.md"]


def test_a_temporary_file_a_live_run_holds_is_kept(tmp_path):
    from narrator.drafts import temporary

    target = tmp_path / "report.md"
    handle, live = temporary.create(target)
    os.write(handle, b"being written")
    assert temporary.remove_stale(target) == [] and live.exists()
    temporary.release(live)
    assert temporary.remove_stale(target) == [live] and not live.exists()


def test_a_backup_is_removed_when_the_write_after_it_fails(tmp_path):
    import subprocess
    import sys

    draft = tmp_path / "report.md"
    draft.write_bytes(b"x" * 1000)
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))  # a disk that fills after 4,000 bytes a file\n"
        "from narrator.drafts.files import replace_keeping_backup\n"
        "try:\n    replace_keeping_backup(sys.argv[1], b'y' * 9000)\nexcept Exception as error:\n    print(type(error).__name__, error)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(draft)], capture_output=True, text=True, timeout=60)
    assert done.stdout == f"WriteFailed {draft}: could not be written (File too large); the file already there is unchanged\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"] and draft.read_bytes() == b"x" * 1000
