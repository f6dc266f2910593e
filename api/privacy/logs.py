"""No personal data in logs: every log record is masked when it is made (PDPA).

`install_log_masking()` wraps the logging record factory, so every logger and handler
(uvicorn's access log, pytest's capture, a JSON shipper) sees masked records: phone
numbers, national ID / resident certificate numbers, e-mail addresses, names introduced
as names, and query-string values (search text) are replaced; SQLAlchemy's statement
parameters are never shown. Argument types are kept where a formatter relies on them
(uvicorn's access formatter unpacks its five arguments)."""

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    # National ID and resident certificate: a letter, 1/2/8/9 or a second letter, 8 digits.
    (re.compile(r"(?<![A-Za-z0-9])[A-Za-z][12489A-Da-d]\d{8}(?!\d)"), "<id>"),
    # Mobiles (09…, +886 9…) and landlines with an area code, with or without separators.
    (re.compile(r"(?<![\d.])(?:\+886[\s-]?|0)9\d{2}[\s-]?\d{3}[\s-]?\d{3}(?!\d)"), "<phone>"),
    (re.compile(r"(?<![\d.])\(?0[2-8]\d?\)?[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)"), "<phone>"),
    # A name said as a name: 我叫王小明 / 我是王小明 / 姓名：王小明 / my name is Alice Chen.
    (
        re.compile(r"(我叫|我是|名字是|姓名[:：]?\s*|聯絡人[:：]?\s*)[\u4e00-\u9fff]{2,4}"),
        r"\1<name>",
    ),
    (
        re.compile(
            r"((?i:my name is|name[:=]\s*|contact_name[:=]\s*)\s*)[A-Z][a-z]+(?: [A-Z][a-z]+)*"
        ),
        r"\1<name>",
    ),
    # Query-string values: search text and anything else a URL carries.
    (re.compile(r"([?&][\w.\-\[\]]+=)[^&\s\"']+"), r"\1<masked>"),
)
# An argument that is nothing but a name: 2-4 Han characters, or two or three capitalised
# words ("citizen %s wrote" % name). A heuristic: a bare category word is masked too.
BARE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}")
# Loggers of the database layer, whose arguments are statement parameters (or carry them).
DATABASE_LOGGERS = ("sqlalchemy.engine", "aiosqlite", "psycopg", "asyncpg")
SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\(Background|$|\n))", re.DOTALL)
HIDDEN = "[parameters hidden]"


def mask(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return SQL_PARAMETERS.sub("[parameters: hidden]", text)


def _mask_arg(value: Any, *, sql: bool) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if sql and not isinstance(value, str):
        return HIDDEN  # statement parameters (a tuple, a dict, a driver call's partial)
    text = value if isinstance(value, str) else str(value)
    return "<name>" if BARE_NAME.fullmatch(text) else mask(text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    sql = record.name.startswith(DATABASE_LOGGERS)
    if isinstance(record.msg, str):
        record.msg = mask(record.msg)
    else:
        record.msg = mask(str(record.msg))
    if isinstance(record.args, Mapping):
        record.args = {key: _mask_arg(v, sql=sql) for key, v in record.args.items()}
    elif record.args:
        record.args = tuple(_mask_arg(v, sql=sql) for v in record.args)
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
    return record


class PersonalDataFilter(logging.Filter):
    """The same masking for one handler (when the record factory is not ours)."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


_installed: Callable[..., logging.LogRecord] | None = None


def install_log_masking() -> None:
    """Idempotent: wraps the current record factory once per process."""
    global _installed
    current = logging.getLogRecordFactory()
    if current is _installed:
        return

    def masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(current(*args, **kwargs))

    _installed = masked
    logging.setLogRecordFactory(masked)
