import typing

if typing.TYPE_CHECKING:
    from flask import Flask
else:
    from blog import app  # expect: FLK105


def run(application: "Flask") -> str:
    return application.name
