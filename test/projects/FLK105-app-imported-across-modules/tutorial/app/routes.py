from app import app  # expect: FLK105
from app import db  # ok: FLK105
from app.models import describe  # ok: FLK105

# from app import app  (a comment)


@app.route("/")
def index():
    return describe()
