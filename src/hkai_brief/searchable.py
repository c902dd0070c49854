"""The fields grep searches, in the order it shows them: a measure's, then the reply's and the
sources' texts. One list, for the command line's --field (which must not import the search
itself, to keep --help quick) and for search.py."""

FIELDS = (
    "title",
    "abbreviation",
    "name_zh",
    "aliases",
    "summary",
    "keywords",
    "figures",
    "funding",
    "milestones",
    "updates",
    "area",
    "run_by",
    "applications",
    "reply",
    "sources",
)
