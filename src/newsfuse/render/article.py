"""One clean article as Markdown under a metadata header (``DIR/articles/<id>.md``)."""

from __future__ import annotations

from newsfuse.models import Article

__all__ = ["render_article_markdown"]


def _published(article: Article) -> str:
    when = article.published
    if when.value is None:
        return f"unknown ({when.reason or 'no date found'})"
    evidence = f' — from "{when.evidence[0].text.strip()}"' if when.evidence else ""
    return f"{when.value} ({when.precision}, {when.resolved_from}){evidence}"


def render_article_markdown(article: Article) -> str:
    """Front matter a person can read, then the body; removed boilerplate is counted, not shown."""
    rows = [
        ("id", article.id),
        ("origin", article.origin),
        ("url", article.url),
        ("outlet", article.outlet),
        ("byline", article.byline),
        ("credit", article.credit),
        ("dateline", article.dateline),
        ("published", _published(article)),
        ("language", article.language),
        (
            "boilerplate removed",
            f"{len(article.removed)} spans, {sum(r.end - r.start for r in article.removed)} characters",
        ),
    ]
    header = "\n".join(f"- **{k}**: {v}" for k, v in rows if v)
    title = article.title or "(untitled)"
    return f"# {title}\n\n{header}\n\n---\n\n{article.text.strip()}\n"
