"""Open data: read-only JSON for other programs (no personal data), the consultation's posts as
CSV and JSON downloads, and the catalogue of it all in DCAT-AP-SE."""
from __future__ import annotations

import hashlib

from flask import Blueprint, Response, jsonify, request, url_for

from parkbank.api.dcat import catalogue, catalogue_version, public_datasets
from parkbank.consultations.operations import get_by_slug
from parkbank.export.formats import FORMATS
from parkbank.export.operations import open_data_version, render_consultation
from parkbank.http import MAX_PAGE, page_arg
from parkbank.posts.queries import public_posts
from parkbank.posts.serialize import iso, public_post
from parkbank.search.queries import MAX_PAGE as SEARCH_MAX_PAGE
from parkbank.search.queries import search
from parkbank.search.terms import parse

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 500
# Downloads and the catalogue may be a minute old in a cache; after that a client revalidates
# with its ETag, answered 304 without building anything when nothing changed.
CACHE_SECONDS = 60


@bp.get("/consultations/<slug>/posts")
def consultation_posts(slug: str):
    """Public posts of a consultation, oldest first, with channel and dates; no aliases or e-mail.
    With `q`: only those matching it (parkbank.search), best first."""
    consultation = get_by_slug(slug)
    q = request.args.get("q")
    page = page_arg("page", maximum=SEARCH_MAX_PAGE if q is not None else MAX_PAGE)
    per_page = page_arg("per_page", default=100, maximum=MAX_PER_PAGE)
    if q is None:
        posts, total = public_posts(consultation.id, page, per_page)
    else:
        found = search(parse(q), consultation_id=consultation.id, page=page, per_page=per_page)
        posts, total = [hit.post for hit in found.hits], found.total
    has_next = page * per_page < total and (q is None or page < SEARCH_MAX_PAGE)
    return jsonify(
        consultation={
            "slug": consultation.slug,
            "title": consultation.title,
            "question": consultation.question,
            "status": consultation.status.value,
            "created_at": iso(consultation.created_at),
        },
        posts=[public_post(p, with_alias=False) for p in posts],
        page=page,
        per_page=per_page,
        total=total,
        next=url_for(".consultation_posts", slug=slug, page=page + 1, per_page=per_page, q=q,
                     _external=True) if has_next else None,
        **({"q": parse(q).text} if q is not None else {}),
    )


def _cached(response: Response, etag: str) -> Response:
    response.set_etag(etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


@bp.get("/consultations/<slug>/posts.<any(csv, json):fmt>")
def posts_download(slug: str, fmt: str):
    """Every public post with the consultation's figures, as the open-data CSV or JSON file."""
    consultation = get_by_slug(slug)
    version = open_data_version(consultation)
    etag = f"{fmt}-" + hashlib.sha256(version.encode()).hexdigest()[:24]
    if request.if_none_match.contains_weak(etag):
        return _cached(Response(status=304), etag)
    name, data = render_consultation(consultation, fmt)
    response = Response(data, content_type=FORMATS[fmt].mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"'})
    return _cached(response, etag)


@bp.get("/dcat.rdf")
def dcat_catalogue():
    """The DCAT-AP-SE catalogue of the public consultations' open data (RDF/XML)."""
    datasets = public_datasets()
    etag = hashlib.sha256(catalogue_version(datasets).encode()).hexdigest()[:24]
    if request.if_none_match.contains_weak(etag):
        return _cached(Response(status=304), etag)
    return _cached(Response(catalogue(datasets), content_type="application/rdf+xml; charset=utf-8"), etag)
