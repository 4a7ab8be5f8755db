from flask import redirect


def to_cart():
    # A module under no app's folder: any app may import it.
    return redirect("/cart")  # ok: FLK504
