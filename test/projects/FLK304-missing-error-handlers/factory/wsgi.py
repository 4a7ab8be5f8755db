from api import create_app

app = create_app()  # ok: FLK304
