# An extension of its own: wiring that cannot be written without Flask.
from flask_simpleldap import LDAP  # ok: FLK104


class DirectoryLDAP(LDAP):
    @staticmethod
    def init_app(app):
        super(DirectoryLDAP, DirectoryLDAP).init_app(app)
        app.config.setdefault("LDAP_LOGLEVEL", 0)


ldap = DirectoryLDAP()
