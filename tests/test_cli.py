"""The command line: help, conversion, validation, and bad input (clear error, distinct exit code, no file)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS

from convert.cli import main
from convert.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    InputError,
    InputTooLargeError,
    MetadataError,
    NotAResolutionError,
    ValidationFailed,
)
from convert.readers import source as source_module

SEED_MD = SEEDS / "A-HRC-RES-46-28.md"


def test_help_lists_commands_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "convert" in out and "validate" in out and "NotAResolutionError" in out


def test_convert_to_file_then_validate(tmp_path, capsys):
    out = tmp_path / "x.xml"
    assert main(["convert", str(SEED_MD), "-o", str(out)]) == 0
    assert out.read_bytes() == (ROOT / "akn" / "A-HRC-RES-46-28.xml").read_bytes()
    assert main(["validate", str(out)]) == 0
    assert "valid" in capsys.readouterr().out


def test_convert_several_to_outdir(tmp_path):
    sources = sorted(str(p) for p in SEEDS.iterdir() if p.suffix in (".md", ".txt"))
    assert main(["convert", *sources, "--outdir", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert written == sorted(p.name for p in (ROOT / "akn").glob("*.xml"))
    for name in written:
        assert (tmp_path / name).read_bytes() == (ROOT / "akn" / name).read_bytes()


def test_python_dash_m_convert_works():
    proc = subprocess.run([sys.executable, "-m", "convert", "convert", str(SEED_MD)],
                          capture_output=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"<?xml") and b"46-28" in proc.stdout


def test_validate_reports_broken_file_with_line_and_exit_code(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    data = (ROOT / "akn" / "A-HRC-RES-46-28.xml").read_text(encoding="utf-8")
    bad.write_text(data.replace('refersTo="#symbol"', 'refersTo="#nowhere"', 1)
                   .replace("<num>2.</num>", "<num>3.</num>", 1), encoding="utf-8")
    assert main(["validate", str(bad)]) == ValidationFailed.exit_code
    err = capsys.readouterr().err
    assert "bad.xml:" in err and "numbering" in err and "para_" in err


BAD_INPUTS = {
    "empty.txt": (b"", EmptyInputError, "empty"),
    "blank.md": (b"\n   \n\t\n", EmptyInputError, "white space"),
    "binary.txt": (b"%PDF-1.7\n\x00\x01\x02\x03binary", BinaryInputError, "binary"),
    "latin1.txt": ("Resolution adopted by the Human Rights Council on 24 March 2017\n"
                   "The Human Rights Council,\nRéaffirmant\n".encode("latin-1"), EncodingInputError, "not UTF-8"),
    "shopping.txt": (b"Eggs, milk and bread.\nCall the plumber on Tuesday.\n", NotAResolutionError, "no resolution"),
    "recipe.md": (b"# Pancakes\n\nMix flour and eggs.\n\n1. Heat the pan.\n", NotAResolutionError, "no resolution"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_clear_error_distinct_code_no_output(name, tmp_path, capsys):
    data, error, words = BAD_INPUTS[name]
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.xml"
    code = main(["convert", str(src), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == error.exit_code
    assert words in err and name in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]  # not even a temporary file left behind


def test_bad_encoding_names_the_line(tmp_path, capsys):
    src = tmp_path / "latin1.txt"
    src.write_bytes(BAD_INPUTS["latin1.txt"][0])
    main(["convert", str(src)])
    assert "latin1.txt:3:" in capsys.readouterr().err


def test_exit_codes_are_distinct():
    codes = [e.exit_code for e in (EmptyInputError, BinaryInputError, EncodingInputError, NotAResolutionError,
                                   InputTooLargeError, MetadataError, ValidationFailed)]
    assert len(set(codes)) == len(codes) and 0 not in codes and 2 not in codes


def test_huge_input_is_refused_before_reading(tmp_path, capsys):
    src = tmp_path / "huge.txt"
    with src.open("wb") as fh:
        fh.truncate(source_module.MAX_BYTES + 1)  # sparse: no disk used
    assert main(["convert", str(src), "-o", str(tmp_path / "o.xml")]) == InputTooLargeError.exit_code
    assert "huge.txt" in capsys.readouterr().err and not (tmp_path / "o.xml").exists()


def test_metadata_file_contradicting_the_source_is_an_error(tmp_path, capsys):
    src = tmp_path / "r.md"
    src.write_bytes(SEED_MD.read_bytes())
    (tmp_path / "r.meta.yaml").write_text("symbol: A/HRC/RES/46/99\n", encoding="utf-8")
    assert main(["convert", str(src), "-o", str(tmp_path / "r.xml")]) == MetadataError.exit_code
    assert "symbol" in capsys.readouterr().err and not (tmp_path / "r.xml").exists()


def test_metadata_file_with_unknown_key_is_an_error(tmp_path, capsys):
    src = tmp_path / "r.md"
    src.write_bytes(SEED_MD.read_bytes())
    (tmp_path / "r.meta.yaml").write_text("symbool: A/HRC/RES/46/28\n", encoding="utf-8")
    assert main(["convert", str(src)]) == MetadataError.exit_code
    assert "unknown key 'symbool'" in capsys.readouterr().err


def test_one_bad_source_does_not_stop_the_others(tmp_path, capsys):
    bad = tmp_path / "empty.md"
    bad.write_bytes(b"")
    code = main(["convert", str(bad), str(SEED_MD), "--outdir", str(tmp_path / "o")])
    assert code == EmptyInputError.exit_code
    assert (tmp_path / "o" / "A-HRC-RES-46-28.xml").exists()
    err = capsys.readouterr().err
    assert "2 documents in" in err and "1 converted, 0 unchanged (skipped), 1 failed" in err
    assert "failed: empty.md: the file is empty" in err


def test_check_reports_structure_and_preservation(capsys):
    assert main(["check", str(SEEDS / "A-HRC-RES-34-39.txt")]) == 0
    out = capsys.readouterr().out
    assert "15 preambular, 27 operative" in out
    assert "1 footnotes (1 without text)" in out
    assert "1917 of 1917 source words in the XML in order (100.00%)" in out
    assert "symbol=A/HRC/RES/34/39 (derived from number 34/39 and the body)" in out


def test_check_json_and_lost_words_are_reported(tmp_path, capsys):
    import json

    from convert.fidelity import compare
    from convert.readers import read_path

    assert main(["check", "--json", str(SEED_MD)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["preservation"] == 1.0 and report["footnotes"] == 4 and report["errors"] == []
    # the measure can fail: drop a paragraph from the tree and it says so
    root = read_path(SEED_MD).root
    para = root.xpath("//a:paragraph[@eId='para_3']", namespaces={"a": root.nsmap[None]})[0]
    para.getparent().remove(para)
    lost = compare(SEED_MD.read_text(encoding="utf-8"), "markdown", root)
    assert lost.ratio < 1.0 and any("perpetrators of such acts" in d for d in lost.diff)


def test_render_lists_formats_and_writes_each(tmp_path, capsys):
    assert main(["render", "--list-formats"]) == 0
    listed = capsys.readouterr().out
    for fmt in ("html", "md", "docx", "txt", "pdf"):
        assert fmt in listed
    akn = ROOT / "akn" / "A-HRC-RES-46-28.xml"
    assert main(["render", str(akn), "-t", "html,md,pdf", "--outdir", str(tmp_path)]) == 0
    assert (tmp_path / "pdf" / "A-HRC-RES-46-28.pdf").read_bytes().startswith(b"%PDF")
    assert b'id="para_1"' in (tmp_path / "html" / "A-HRC-RES-46-28.html").read_bytes()
    assert "[^1]: A/HRC/46/68." in (tmp_path / "md" / "A-HRC-RES-46-28.md").read_text(encoding="utf-8")


def test_convert_straight_to_pdf(tmp_path):
    out = tmp_path / "x.pdf"
    assert main(["convert", str(SEEDS / "A-HRC-RES-34-39.txt"), "-t", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_render_failure_leaves_no_file(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text("<akomaNtoso><statement>", encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["render", str(bad), "-t", "html", "-o", str(out)]) == InputError.exit_code
    assert "bad.xml" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xml"]


def test_an_internal_error_is_exit_70_with_a_plain_message(tmp_path, capsys, monkeypatch):
    """A bug (any exception unres does not expect) gives the exit code --help promises, no traceback, no file."""
    import convert.readers as readers

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(readers, "read_source", broken)
    out = tmp_path / "x.xml"
    assert main(["convert", str(SEEDS / "A-HRC-RES-34-39.txt"), "-o", str(out)]) == 70
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: division by zero" in err
    assert "A-HRC-RES-34-39.txt" in err and "Traceback" not in err
    assert not out.exists()
    monkeypatch.setenv("UNRES_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["convert", str(SEEDS / "A-HRC-RES-34-39.txt"), "-o", str(out)])


def test_convert_to_several_formats_a_failing_format_fails_alone(tmp_path, monkeypatch, capsys):
    """`unres convert SRC -t html,md --outdir D`: as in a batch, a format that cannot be written fails alone
    (named on stderr, the writer's exit code); the other is written whole, and nothing is written for the failing one."""
    from convert.akn.serialize import parse
    from convert.errors import RenderError
    from convert.writers import FORMATS, render_many
    from convert.writers.render import Format

    good = render_many(parse((ROOT / "akn" / "A-HRC-RES-46-28.xml").read_bytes()), ["html"])["html"]
    monkeypatch.setitem(FORMATS, "md", Format("md", "no-such-writer", ("-s",), ".md"))
    out = tmp_path / "o"
    code = main(["convert", str(SEED_MD), "-t", "html,md", "--outdir", str(out)])
    assert code == RenderError.exit_code
    assert (out / "html" / "A-HRC-RES-46-28.html").read_bytes() == good
    assert not (out / "md").exists() or not any((out / "md").iterdir())
    assert "no-such-writer" in capsys.readouterr().err


def test_convert_to_one_failing_format_writes_nothing(tmp_path, monkeypatch, capsys):
    from convert.errors import RenderError
    from convert.writers import FORMATS
    from convert.writers.render import Format

    monkeypatch.setitem(FORMATS, "md", Format("md", "no-such-writer", ("-s",), ".md"))
    out = tmp_path / "x.md"
    assert main(["convert", str(SEED_MD), "-t", "md", "-o", str(out)]) == RenderError.exit_code
    assert not out.exists()
    assert "no-such-writer" in capsys.readouterr().err


def test_convert_one_source_to_several_formats(tmp_path):
    from convert.akn.serialize import parse
    from convert.writers import render_many

    want = render_many(parse((ROOT / "akn" / "A-HRC-RES-46-28.xml").read_bytes()), ["html", "md"])
    assert main(["convert", str(SEED_MD), "-t", "akn,html,md", "--outdir", str(tmp_path)]) == 0
    assert (tmp_path / "html" / "A-HRC-RES-46-28.html").read_bytes() == want["html"]
    assert (tmp_path / "md" / "A-HRC-RES-46-28.md").read_bytes() == want["md"]
    assert (tmp_path / "akn" / "A-HRC-RES-46-28.xml").read_bytes() == (ROOT / "akn" / "A-HRC-RES-46-28.xml").read_bytes()
    with pytest.raises(SystemExit, match="several formats need --outdir"):
        main(["convert", str(SEED_MD), "-t", "html,md", "-o", str(tmp_path / "x.html")])
