from flask import Blueprint

bp = Blueprint("shop", __name__)


@bp.get("/item-1")
def item_1():
    return {"item": 1}


@bp.get("/item-2")
def item_2():
    return {"item": 2}


@bp.get("/item-3")
@bp.get("/item-3/detail")
def item_3():
    return {"item": 3}


@bp.get("/item-4")
def item_4():
    return {"item": 4}


@bp.get("/item-5")
def item_5():
    return {"item": 5}


@bp.get("/item-6")
def item_6():
    return {"item": 6}


@bp.get("/item-7")
def item_7():
    return {"item": 7}


@bp.get("/item-8")
def item_8():
    return {"item": 8}


@bp.get("/item-9")
def item_9():
    return {"item": 9}


@bp.get("/item-10")
def item_10():
    return {"item": 10}


@bp.get("/item-11")
def item_11():
    return {"item": 11}


@bp.get("/item-12")
def item_12():
    return {"item": 12}


@bp.get("/item-13")
def item_13():
    return {"item": 13}


@bp.get("/item-14")
def item_14():
    return {"item": 14}
