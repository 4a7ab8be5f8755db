# SYNTAX TEST "source.python" "noqa comments: FLK rule codes and the noqa keyword"

app.run(debug=True)  # noqa: FLK502
#                      ^^^^ comment.line.number-sign.python keyword.other.noqa.flask-practices
#                          ^ punctuation.separator.key-value.noqa.flask-practices
#                            ^^^^^^ comment.line.number-sign.python constant.other.rule-code.flask-practices
#  ^^^ - keyword.other.noqa.flask-practices

app = Flask(__name__)  # noqa: FLK101, E501 FLK502
#                              ^^^^^^ constant.other.rule-code.flask-practices
#                                    ^ punctuation.separator.comma.noqa.flask-practices
#                                      ^^^^ constant.other.rule-code.external.flask-practices - constant.other.rule-code.flask-practices
#                                           ^^^^^^ constant.other.rule-code.flask-practices

x = 1  # NOQA:FLK999
#        ^^^^ keyword.other.noqa.flask-practices
#             ^^^^^^ constant.other.rule-code.flask-practices

# Blanket noqa: the keyword only.
y = 2  # noqa
#        ^^^^ comment.line.number-sign.python keyword.other.noqa.flask-practices

# File-level directive, Ruff style.
# ruff: noqa: FLK101
# ^^^^ keyword.other.tool.noqa.flask-practices
#       ^^^^ keyword.other.noqa.flask-practices
#             ^^^^^^ constant.other.rule-code.flask-practices

# After another comment on the same line.
z = 3  # type: ignore # noqa: FLK102
#                       ^^^^ keyword.other.noqa.flask-practices
#                             ^^^^^^ constant.other.rule-code.flask-practices

# The code list ends at the first word that is not a code.
w = 4  # noqa: FLK101 because FLK102 is fine here
#              ^^^^^^ constant.other.rule-code.flask-practices
#                     ^^^^^^^ - constant.other.rule-code.flask-practices constant.other.rule-code.external.flask-practices
#                             ^^^^^^ - constant.other.rule-code.flask-practices

# Not a directive: the word noqa in prose, and codes outside noqa comments.
# do not use noqa here, FLK101 is a rule
#            ^^^^ - keyword.other.noqa.flask-practices
#                       ^^^^^^ - constant.other.rule-code.flask-practices

# FLK codes must be exactly three digits.
v = 5  # noqa: FLK1234
#              ^^^^^^^ - constant.other.rule-code.flask-practices

# Outside comments nothing changes.
noqa = "noqa: FLK101"
# <---- - keyword.other.noqa.flask-practices
#        ^^^^ - keyword.other.noqa.flask-practices
#              ^^^^^^ - constant.other.rule-code.flask-practices
