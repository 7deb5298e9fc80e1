"""Search pages (blueprint "search"): one consultation's posts at /samrad/<slug>/sok, every public
consultation's at /sok. Thin: read `q` and `sida`, ask parkbank.search.queries, render."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from parkbank.consultations.operations import get_by_slug
from parkbank.errors import NotFound
from parkbank.http import page_arg
from parkbank.search.queries import MAX_PAGE, board_location, search
from parkbank.search.terms import QUERY_MAX, parse

bp = Blueprint("search", __name__)


def _results(consultation=None):
    query = parse(request.args.get("q"))
    results = search(query, consultation_id=consultation.id if consultation else None,
                     page=page_arg("sida", maximum=MAX_PAGE))
    return render_template("search/results.html", consultation=consultation, results=results,
                           query=query)


@bp.get("/samrad/<slug>/sok/inlagg/<id:post_id>")
def show_post(slug: str, post_id: int):
    """A hit's link: to the post where the board shows it (the page is worked out on the click,
    so a results page costs no count per hit)."""
    location = board_location(get_by_slug(slug), post_id)
    if location is None:
        raise NotFound()
    page, post_id = location
    return redirect(url_for("public.board", slug=slug, sida=page if page > 1 else None,
                            _anchor=f"inlagg-{post_id}"))


@bp.app_context_processor
def _search_form_limits():
    return {"search_query_max": QUERY_MAX}  # the form on every page that has one


@bp.get("/sok")
def everywhere():
    return _results()


@bp.get("/samrad/<slug>/sok")
def in_consultation(slug: str):
    return _results(get_by_slug(slug))
