from flask import Flask

app = Flask(__name__)

from blog import routes  # noqa: E402,F401
from blog import tasks  # noqa: E402,F401
