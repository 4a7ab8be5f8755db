from site import create_app  # ok: FLK105

app = create_app()
