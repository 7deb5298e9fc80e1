"""The citizens' door to similar ideas (blueprint "similar"): `GET /samrad/<slug>/liknande?text=`
answers the approved ideas that say much the same, best first (README, contract)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from parkbank.consultations.operations import get_by_slug
from parkbank.extensions import limiter
from parkbank.participants import rate_limit_key
from parkbank.similar.operations import similar_public

bp = Blueprint("similar", __name__)


@bp.get("/samrad/<slug>/liknande")
@limiter.limit(lambda: current_app.config["RATELIMIT_SIMILAR"], key_func=rate_limit_key)
def similar(slug: str):
    matches = similar_public(get_by_slug(slug), request.args.get("text", ""))
    return jsonify(similar=[{"id": m.post.id, "body": m.post.body, "supports": m.post.support_count,
                             "score": m.score} for m in matches])
