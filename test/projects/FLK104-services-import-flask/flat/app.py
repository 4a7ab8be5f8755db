from flask import Flask  # ok: FLK104

app = Flask(__name__)
