from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.get("/page-1")
@bp.get("/page-1/<int:n>")
def page_1(n=0):
    return {"page": 1}


@bp.get("/page-2")
def page_2(n=0):
    return {"page": 2}


@bp.get("/page-3")
def page_3(n=0):
    return {"page": 3}


@bp.get("/page-4")
def page_4(n=0):
    return {"page": 4}


@bp.get("/page-5")
def page_5(n=0):
    return {"page": 5}


@bp.get("/page-6")
def page_6(n=0):
    return {"page": 6}


@bp.get("/page-7")
def page_7(n=0):
    return {"page": 7}


@bp.get("/page-8")
def page_8(n=0):
    return {"page": 8}


@bp.get("/page-9")
def page_9(n=0):
    return {"page": 9}


@bp.get("/page-10")
def page_10(n=0):
    return {"page": 10}
