from shop import app as application  # ok: FLK105
