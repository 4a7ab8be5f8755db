"""Not loaded as config: a module constant named DEBUG is just a constant."""
DEBUG = True  # ok: FLK502
