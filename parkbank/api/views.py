from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from parkbank.consultations.operations import get_by_slug
from parkbank.http import page_arg
from parkbank.posts.queries import public_posts
from parkbank.posts.serialize import iso, public_post

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 500


@bp.get("/consultations/<slug>/posts")
def consultation_posts(slug: str):
    """Public posts of a consultation, oldest first, with channel and dates; no aliases or e-mail."""
    consultation = get_by_slug(slug)
    page = page_arg("page")
    per_page = page_arg("per_page", default=100, maximum=MAX_PER_PAGE)
    posts, total = public_posts(consultation.id, page, per_page)
    has_next = page * per_page < total
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
        next=url_for(".consultation_posts", slug=slug, page=page + 1, per_page=per_page,
                     _external=True) if has_next else None,
    )
