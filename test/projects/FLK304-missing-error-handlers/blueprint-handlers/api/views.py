# A blueprint's own errorhandler sees only its views' errors, never a URL no route matches.
from flask import Blueprint, jsonify

bp = Blueprint("views", __name__)


@bp.errorhandler(404)
def not_found(error):
    return jsonify(error="not found"), 404


@bp.errorhandler(500)
def internal(error):
    return jsonify(error="internal"), 500


@bp.get("/")
def index():
    return jsonify(ok=True)
