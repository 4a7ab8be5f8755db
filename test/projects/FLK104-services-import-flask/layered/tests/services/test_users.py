from flask import Flask  # ok: FLK104
