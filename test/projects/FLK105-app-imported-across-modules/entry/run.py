from shop import app  # ok: FLK105

if __name__ == "__main__":
    app.run()
