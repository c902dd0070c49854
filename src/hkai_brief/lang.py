"""The languages a briefing is written in, and the words of its frame in each.

English is the source language: templates and the code write their frame (headings, labels,
legends) in English, through `translate`, and this catalogue gives each phrase in Traditional
Chinese. One catalogue, as a Python dict: read with the module, in microseconds, with no
translation library to import (docs/decisions.md, 26). A phrase missing from the catalogue
comes out in English, which a test forbids for the built-in templates.

Phrases may hold {placeholders}, filled after translation, so that word order can change.
"""

from __future__ import annotations

import re

LANGS = ("en", "zh-Hant")
DEFAULT = "en"
# What a language is called in a message, and in a handout's metadata.
NAMES = {"en": "English", "zh-Hant": "Traditional Chinese"}
# What a Chinese briefing puts after a text the data has only in English, as info.gov.hk marks
# a release in one language: the text is shown, never hidden, and never passed off as Chinese.
ENGLISH_ONLY = "（只有英文）"


def english_only(text: str) -> str:
    """An English text in a Chinese briefing, marked as such; a text with Chinese in it (a name
    with its Chinese, data kept in Chinese only) is not."""
    return text if _has_han(text) else f"{text}{ENGLISH_ONLY}"


def has_chinese(text: str | None) -> bool:
    return bool(text and _has_han(text))


ZH_HANT: dict[str, str] = {
    # --- punctuation, which Chinese writes full width ---
    ": ": "：",
    " (": "（",
    ")": "）",
    ", ": "，",
    "; ": "；",
    " ": "，",
    ":": "：",
    ".": "。",
    # --- headings ---
    "Policy briefing": "政策簡報",
    "Key messages": "答覆重點",
    "KEY MESSAGES": "答覆重點",
    "AT A GLANCE": "概覽",
    "The question, in brief": "質詢撮要",
    "Key figures": "主要數字",
    "Timeline": "時間線",
    "TIMELINE": "時間線",
    "Sources": "資料來源",
    "SOURCES": "資料來源",
    "WHAT COMES NEXT": "下一步",
    "OTHER QUESTIONS": "立法會其他相關質詢",
    "KEY FIGURES": "主要數字",
    "THE QUESTION, IN BRIEF": "質詢撮要",
    # --- table heads and labels ---
    "ID": "代號",
    "Measure": "措施",
    "Area": "範疇",
    "Funding": "撥款",
    "Date": "日期",
    "Event": "事項",
    "When": "申請期限",
    "Abbreviation": "簡稱",
    "Chinese name": "中文名稱",
    "English name": "英文名稱",
    "Also called": "其他名稱",
    "Run by": "負責機構",
    "Status at the reply": "答覆時狀況",
    "Status": "狀況",
    "Figure": "數字",
    "Figures": "數字",
    "Milestones": "里程碑",
    "Since reply": "答覆後",
    "Keywords": "關鍵字",
    "Summary": "簡介",
    "Reply": "所屬答覆",
    "To apply": "申請",
    "Where to look": "詳見",
    "Update: ": "更新：",
    "Since the reply, {date}": "答覆後，{date}",
    " (at the reply)": "（答覆時）",
    # --- how to apply ---
    "Who can apply": "申請資格",
    "Closing date": "截止日期",
    "(no applications)": "（不設申請）",
    "What it pays for": "資助範圍",
    "Per project": "每個項目資助額",
    "How to apply": "申請方法",
    "Where": "網頁",
    # --- sentences of the frame ---
    "In all: {total}": "合共：{total}",
    "No money is earmarked in these measures.": "這些措施未有預留款項。",
    "No money earmarked in these measures.": "這些措施未有預留款項。",
    "No measures in this area.": "此範疇並無措施。",
    "no measures of its own": "未有獨立措施",
    "As of {date}: {past} date passed, {now} current, {future} ahead.": "截至{date}：{past} 日期已過，{now} 現階段，{future} 未到。",
    "as of {date}: {past} date passed, {now} current, {future} ahead": "截至{date}：{past} 日期已過，{now} 現階段，{future} 未到",
    "Seen only in a secondary source, not confirmed on an official page.": "只見於二手資料（如新聞報道），未經官方網頁證實。",
    "{mark} Seen only in a secondary source, not confirmed on an official page. Each number in the text is a source below, each listed once, in the order first cited.": "{mark}：只見於二手資料（如新聞報道），未經官方網頁證實。正文中的編號即下列資料來源，每項只列一次，按首次引用的次序排列。",
    "Each number in the text is a source below, each listed once.": "正文中的編號即下列資料來源，每項只列一次。",
    "More: [bold]summary --full[/bold] (all, with sources), [bold]show ID[/bold], [bold]list[/bold]. {mark}: secondary source.": "更多：[bold]summary --full[/bold]（完整版，附資料來源）、[bold]show ID[/bold]、[bold]list[/bold]。{mark}：二手資料。",
    "No dated step lies ahead in the data.": "資料並無尚未到期的日程。",
    "{mark} seen only in a secondary source.": "{mark}：只見於二手資料（如新聞報道），未經官方網頁證實。",
    "in the Legislative Council, by date": "（按日期排列）",
    "For {scope}.": "款項用於{scope}。",
    "Replies": "所屬答覆",
    "Asked by {member}.": "提問議員：{member}。",
    "and {count} more": "另有{count}項",
    "and {count} more: list --area {area}": "另有{count}項：list --area {area}",
    "and {count} more replies: summary --full": "另有{count}項答覆：summary --full",
    "and {areas} more areas, with {measures} measures: list": "另有{areas}個範疇，共{measures}項措施：list",
    "and {areas} more areas, with no measures of their own": "另有{areas}個範疇，未有措施",
    "and 1 more area, with no measures of its own": "另有1個範疇，未有措施",
    "and 1 more area, with {measures} measures: list": "另有1個範疇，共{measures}項措施：list",
    "Apply: {url}": "申請：{url}",
    "Who can apply: {who}": "申請資格：{who}",
    " (written)": "（書面質詢）",
    " (oral)": "（口頭質詢）",
    "Applications closed on {date}.": "申請已於{date}截止。",
}


def translate(lang: str, phrase: str) -> str:
    """`phrase` in `lang`: the catalogue's translation, or the phrase itself in English."""
    if lang == "zh-Hant":
        return ZH_HANT.get(phrase, phrase)
    return phrase


# Tags that mean Traditional Chinese as well: Hong Kong's, Taiwan's and Macao's.
_ALSO = {"zh-hk": "zh-Hant", "zh-tw": "zh-Hant", "zh-mo": "zh-Hant", "zh-hant-hk": "zh-Hant"}


def parse(value: str) -> str | None:
    """A language as a user may type it (zh-hant, ZH-HANT, zh_HK, en), or None if not one of
    ours."""
    wanted = value.strip().lower().replace("_", "-")
    for lang in LANGS:
        if wanted == lang.lower():
            return lang
    return _ALSO.get(wanted)


def zh_field(record: object, field: str) -> str:
    """The name of a record's Chinese text beside `field`: `summary_zh` beside `summary`; a
    measure's Chinese title is its `name_zh`."""
    if field == "title" and hasattr(record, "name_zh") and hasattr(record, "summary"):
        return "name_zh"
    return f"{field}_zh"


def shown(record: object, field: str, lang: str) -> str:
    """The field a briefing in `lang` shows for `field`: `summary_zh` for `summary` in Chinese
    where the data has it, else `field` itself. Marks that belong to a name follow it."""
    if lang == "zh-Hant" and getattr(record, zh_field(record, field), None):
        return zh_field(record, field)
    return field


# A text that is already Chinese (a document published in Chinese only) is not marked English.
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def _has_han(text: str) -> bool:
    # Compiled by re when first needed (2 ms: a table of its 28,000 characters), not for ASCII.
    return not text.isascii() and re.search(_HAN, text) is not None


def text(record: object, field: str, lang: str, mark: bool = True) -> str:
    """A record's text in `lang`: in Chinese its Chinese text, or, where the data has none, the
    English one behind the ENGLISH_ONLY mark (`mark`), so a reader sees what is not Chinese."""
    english = getattr(record, field)
    if lang != "zh-Hant" or english is None:
        return english  # type: ignore[no-any-return]
    chinese = getattr(record, zh_field(record, field), None)
    if chinese:
        return chinese  # type: ignore[no-any-return]
    return english_only(english) if mark else english
