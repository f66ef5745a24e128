"""Stream a DDEX DSR flat-file report, record by record, checking its structure as it goes.

What the standard says and where (DSR Part 1 *Architecture*, Part 8 *Record Type
Definitions*; docs/royalties.md cites the pages):

- one record per line, LF or CR LF (Part 1 §6.6.3.1); cells split by TAB (§6.6.3.2);
  multi-value cells by "|" (§6.6.3.3); escaping (§6.6.4): ``\\<TAB>`` is a tab inside a
  cell, ``\\\\|`` a pipe that is not a delimiter, ``\\\\\\`` one backslash — anything else
  after a backslash is an error, as is an unescaped pipe in a single-value cell;
- a line whose first character is "#" is to be ignored (§6.6.9; §6.6.17 uses it for cell
  headings), empty lines are counted but carry nothing (§6.6.7); both count in FOOT's
  line totals (Part 8 §5.1.2);
- each file: exactly one HEAD first, summary records, blocks, exactly one FOOT last
  (§6.2); a report may be split into files numbered 1..NumberOfFiles in HEAD cells 7/8,
  each with the same summary records, blocks never split nor repeated (§6.3);
- each record has exactly the cells its type defines, empty ones included (DDEX
  knowledge base, *DSR and CDM messages exported from spreadsheet applications*).

``records(paths)`` takes the report's files in any order (each may be gzip-compressed,
and one file may hold several consecutive parts), orders them by HEAD FileNumber and
yields ``Line`` tuples for every summary and block record; HEAD/FOOT checks happen here.
Memory: one line, the current file's summary lines (to compare across files) and a few
counters.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from licensing.royalties.dsr import profiles
from licensing.royalties.dsr.profiles import RecordType

GZIP_MAGIC = b"\x1f\x8b"
# An escaped pipe is held as this character until a cell is read, so that the secondary
# delimiter can still be told apart from a pipe that is text (see ``values``).
PIPE_TEXT = "\x1f"


class DsrError(ValidationError):
    """A report the standard does not allow: names the file part, line and record type."""

    def __init__(self, *, code: str, message: str, where: str = ""):
        text = f"{where}: {message}" if where else message
        super().__init__({"file": ValidationError(text, code=code)})
        self.code_name = code


class Line(NamedTuple):
    row_no: int  # running line number over the whole report, for the import's row numbers
    file_no: int
    line_no: int  # line in its file
    rtype: RecordType
    cells: list[str]


def where(file_no: int, line_no: int, code: str) -> str:
    return _("file %(file)s, line %(line)s (%(record)s)") % {
        "file": file_no,
        "line": line_no,
        "record": code,
    }


def split_cells(line: str) -> list[str]:
    """The cells of one record, unescaped (Part 1 §6.6.4)."""
    if "\\" not in line:
        return line.split("\t")
    cells, cell, i, n = [], [], 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "\\":
            run = i
            while i < n and line[i] == "\\":
                i += 1
            count = i - run
            cell.append("\\" * (count // 3))
            rest = count % 3
            following = line[i] if i < n else ""
            if rest == 1 and following == "\t":
                cell.append("\t")
                i += 1
            elif rest == 2 and following == "|":
                cell.append(PIPE_TEXT)
                i += 1
            elif rest:
                raise DsrError(
                    code="dsr_escaping",
                    message=_("a backslash escapes nothing the standard allows (§6.6.4)"),
                )
            continue
        if ch == "\t":
            cells.append("".join(cell))
            cell = []
        else:
            cell.append(ch)
        i += 1
    cells.append("".join(cell))
    return cells


def values(cell: str) -> list[str]:
    """The values of a multi-value cell (split on unescaped pipes)."""
    return [v.replace(PIPE_TEXT, "|") for v in cell.split("|")] if cell else []


def text(cell: str, at: str = "") -> str:
    """A single-value cell; an unescaped pipe in it is an error (§6.6.4)."""
    if "|" in cell:
        raise DsrError(
            code="dsr_unescaped_pipe",
            message=_("an unescaped “|” in a single-value cell (§6.6.4)"),
            where=at,
        )
    return cell.replace(PIPE_TEXT, "|")


def _open(path: str) -> io.TextIOBase:
    with open(path, "rb") as probe:
        gz = probe.read(2) == GZIP_MAGIC
    raw = gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115 (closed by caller)
    # Strict UTF-8 (§6.6.2); newline="" keeps CR LF visible so it can be stripped per line.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _head_of(path: str) -> tuple[int, int]:
    """(FileNumber, NumberOfFiles) of the first HEAD in ``path``, to order the files."""
    with _open(path) as handle:
        for raw in handle:
            cells = raw.rstrip("\r\n").split("\t")
            if cells[0] == "HEAD" and len(cells) > 7:
                try:
                    return int(cells[6]), int(cells[7])
                except ValueError:
                    break
            if cells[0] and not cells[0].startswith("#"):
                break
    raise DsrError(
        code="dsr_no_head", message=_("%(path)s does not start with a HEAD record") % {"path": path}
    )


def _int(cell: str, name: str, at: str) -> int:
    try:
        return int(cell)
    except ValueError:
        raise DsrError(
            code="dsr_not_integer",
            message=_("%(cell)s “%(value)s” is not an integer") % {"cell": name, "value": cell},
            where=at,
        ) from None


class _Report:
    """What the files of one report must agree on, and its running totals."""

    def __init__(self):
        self.message_id = None
        self.files = None
        self.profile: dict[str, RecordType] | None = None
        self.summary_lines: list[str] | None = None  # the first file's, compared in the others
        self.lines = 0
        self.blocks = 0
        self.row_no = 0
        self.file_no = 0


def records(paths: list[str]) -> Iterator[Line]:
    """Every summary and block record of the report in ``paths``, in file order."""
    report = _Report()
    ordered = sorted(paths, key=_head_of) if len(paths) > 1 else list(paths)
    for path in ordered:
        try:
            with _open(path) as handle:
                yield from _file_parts(handle, report)
        except UnicodeDecodeError:
            raise DsrError(
                code="dsr_encoding",
                message=_("file %(file)s is not UTF-8 text (Part 1 §6.6.2)")
                % {"file": report.file_no},
            ) from None
        except (EOFError, gzip.BadGzipFile, zlib.error):
            raise DsrError(
                code="dsr_gzip",
                message=_("file %(file)s is a broken or truncated gzip file")
                % {"file": report.file_no},
            ) from None
    if report.files is None:
        raise DsrError(code="dsr_no_head", message=_("no HEAD record: not a DSR report"))
    if report.file_no != report.files:
        raise DsrError(
            code="dsr_missing_files",
            message=_("the report has %(files)s files, only %(got)s were given")
            % {"files": report.files, "got": report.file_no},
        )


def _file_parts(handle, report: _Report) -> Iterator[Line]:
    """The records of one physical file: one or more consecutive HEAD … FOOT parts."""
    # Line numbers count from each part's start (the line after the previous FOOT), so a
    # file assembled from several (files.assemble) still names each file's own lines.
    line_no = before = 0  # ``before``: lines since the last FOOT, counted in the next part
    state = None  # None before HEAD, "body" inside a part
    for raw in handle:
        line_no += 1
        line = raw.rstrip("\r\n")
        report.row_no += 1
        if state is None:
            before += 1
            line_no = before
            if not line or line[0] == "#":
                continue  # before a HEAD: headings of the part to come
            head = _cells(line, report.file_no + 1, line_no)
            at = where(report.file_no + 1, line_no, head[0])
            if head[0] != "HEAD":
                raise DsrError(
                    code="dsr_no_head",
                    message=_("a DSR file starts with a HEAD record (Part 1 §6.2)"),
                    where=at,
                )
            part = _start_part(head, report, at)
            part["lines"] = before  # headings before HEAD count in FOOT's line total
            state, before = "body", 0
            continue
        part["lines"] += 1
        if not line or line[0] == "#":
            continue  # §6.6.7 empty records, §6.6.9 records to be ignored: counted only
        cells = _cells(line, report.file_no, line_no)
        code = cells[0]
        rtype = report.profile.get(code)
        if code == "FOOT":
            _end_part(cells, rtype, part, report, where(report.file_no, line_no, code))
            state = None
            continue
        if rtype is None or code == "HEAD" or len(cells) != len(rtype.cells) + 1:
            _refuse(cells, rtype, part, where(report.file_no, line_no, code))
        if rtype.family == "SY":
            if part["blocks"]:
                raise DsrError(
                    code="dsr_summary_after_block",
                    message=_("summary records come before the first block (Part 1 §6.2)"),
                    where=where(report.file_no, line_no, code),
                )
            part["summaries"].append(line)
        else:
            block = cells[1]
            if block != part["block"]:
                part["block"] = block
                part["blocks"] += 1
        yield Line(report.row_no, report.file_no, line_no, rtype, cells)
    if state is not None:
        raise DsrError(
            code="dsr_no_foot",
            message=_("file %(file)s has no FOOT record: it is truncated")
            % {"file": report.file_no},
        )


def _cells(line: str, file_no: int, line_no: int) -> list[str]:
    try:
        return split_cells(line)
    except DsrError as exc:
        raise DsrError(
            code=exc.code_name,
            message=exc.messages[0],
            where=where(file_no, line_no, line[:8].split("\t")[0]),
        ) from None


def _refuse(cells, rtype, part: dict, at: str):
    code = cells[0]
    if rtype is None or code == "HEAD":
        raise DsrError(
            code="dsr_unknown_record",
            message=_("record type %(code)s is not defined by %(profile)s")
            % {"code": code, "profile": part["profile"]},
            where=at,
        )
    raise DsrError(
        code="dsr_cell_count",
        message=_("%(code)s has %(got)s cells, the profile defines %(want)s")
        % {"code": code, "got": len(cells), "want": len(rtype.cells) + 1},
        where=at,
    )


def _start_part(head: list[str], report: _Report, at: str) -> dict:
    if len(head) < 9:
        raise DsrError(code="dsr_cell_count", message=_("HEAD has too few cells"), where=at)
    name, version, message_id = head[2], head[3], head[4]
    number = _int(head[6], "FileNumber", at)
    files = _int(head[7], "NumberOfFiles", at)
    table = profiles.profile(name, version)
    if table is None:
        raise DsrError(
            code="dsr_profile",
            message=_("profile %(name)s %(version)s is not supported (supported: %(list)s)")
            % {"name": name, "version": version, "list": ", ".join(profiles.supported())},
            where=at,
        )
    if len(head) != len(table["HEAD"].cells) + 1:
        raise DsrError(
            code="dsr_cell_count",
            message=_("HEAD has %(got)s cells, the profile defines %(want)s")
            % {"got": len(head), "want": len(table["HEAD"].cells) + 1},
            where=at,
        )
    if report.files is None:
        report.message_id, report.files, report.profile = message_id, files, table
    elif (message_id, files) != (report.message_id, report.files) or table is not report.profile:
        raise DsrError(
            code="dsr_other_report",
            message=_(
                "this file belongs to another report (MessageId, NumberOfFiles or profile differ)"
            ),
            where=at,
        )
    if number != report.file_no + 1 or number > files:
        raise DsrError(
            code="dsr_file_number",
            message=_("file %(number)s of %(files)s where file %(want)s was expected (Part 1 §6.3)")
            % {"number": number, "files": files, "want": report.file_no + 1},
            where=at,
        )
    report.file_no = number
    return {
        "profile": f"{name} {version}",
        "summaries": [],
        "blocks": 0,
        "block": None,
        "lines": 0,
    }


def _end_part(cells: list[str], rtype, part: dict, report: _Report, at: str) -> None:
    """FOOT (Part 8 §5.1.2): lines in file, lines in report, summary records, blocks in file,
    blocks in report — the last two totals only required in the report's last file."""
    if rtype is None or len(cells) != len(rtype.cells) + 1:
        raise DsrError(
            code="dsr_cell_count", message=_("FOOT has the wrong number of cells"), where=at
        )
    report.lines += part["lines"]
    report.blocks += part["blocks"]
    last = report.file_no == report.files
    checks = [
        (1, part["lines"], True),
        (3, len(part["summaries"]), True),
        (4, part["blocks"], True),
        (2, report.lines, last),
        (5, report.blocks, last),
    ]
    for position, counted, applies in checks:
        declared = cells[position]
        if not applies or (declared == "" and position in (2, 5) and not last):
            continue
        if declared == "" and position == 2:
            continue  # NumberOfLinesInReport is conditional (C) even in the last file
        name = rtype.cells[position - 1]
        if _int(declared, name, at) != counted:
            raise DsrError(
                code="dsr_foot_count",
                message=_("FOOT %(cell)s declares %(declared)s, the report has %(counted)s")
                % {"cell": name, "declared": declared, "counted": counted},
                where=at,
            )
    if report.summary_lines is None:
        report.summary_lines = part["summaries"]
    elif part["summaries"] != report.summary_lines:
        raise DsrError(
            code="dsr_summaries_differ",
            message=_("every file of a report carries the same summary records (Part 1 §6.3)"),
            where=at,
        )
