# A second app: the project's finding is reported once, on the first module (by path) that builds one.
from flask import Flask

admin = Flask(__name__)  # ok: FLK203
