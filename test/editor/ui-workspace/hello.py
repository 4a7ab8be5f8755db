from flask import Flask

hello = Flask(__name__)
