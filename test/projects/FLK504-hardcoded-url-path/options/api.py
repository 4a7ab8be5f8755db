from flask import Blueprint, redirect

api = Blueprint("api", __name__)


@api.route("/status")
def status():
    return "ok"


@api.route("/health")
def health():
    # Served on a subdomain: the path alone does not say which route answers.
    return redirect("/api/status")  # ok: FLK504
