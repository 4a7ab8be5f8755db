from flask import Flask

app = Flask(__name__)  # ok: FLK304


@app.cli.command("seed")
def seed():
    print({"seeded": True})
